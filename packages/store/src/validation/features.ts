import {
  LIMITS,
  featureBulkSchema,
  featureCreateSchema,
  humanInputRequestSchema,
  humanInputResponseSchema,
  loneSurrogateProblem,
} from '@forgedb/schema';
import { z } from 'zod';
import type { FeatureStatusFilter, Lease } from '../api.js';
import { decodeCursor } from '../features/cursor.js';
import { fieldsRefusal } from './fields.js';
import { validateId } from './ids.js';
import { limitRule, validateLimit } from './limits.js';
import { refusal, validate, type Refusal } from './validate.js';

export const DEFAULT_LEASE_SECONDS = 300;
const MAX_LEASE_SECONDS = 366 * 24 * 3600;

export const STATUS_FILTERS: readonly FeatureStatusFilter[] = [
  'pending',
  'in_progress',
  'passing',
  'needs_human_input',
];

export const LIST_LIMIT = limitRule({ min: 1, max: 500, default: 100 });
export const READY_LIMIT = limitRule(LIMITS.readyLimit);
export const BLOCKED_LIMIT = limitRule(LIMITS.blockedLimit);

export { featureCreateSchema, humanInputRequestSchema, humanInputResponseSchema };

// ---- agents and leases ------------------------------------------------------------------------

const AGENT_LENGTH = 'expected 1 to 255 characters';
const agentSchema = z
  .string({ error: AGENT_LENGTH })
  .min(1, { error: AGENT_LENGTH })
  .max(255, { error: AGENT_LENGTH })
  .superRefine((agent, ctx) => {
    const problem = loneSurrogateProblem(agent);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const optionalAgentSchema = agentSchema.nullish().transform((agent) => agent ?? null);
const agentRefusal: Refusal = {
  path: 'agent',
  message: (_, issues) =>
    issues[0]?.message === AGENT_LENGTH
      ? `Invalid agent name: ${AGENT_LENGTH}.`
      : `Invalid agent name: agent ${issues[0]?.message}.`,
};

/** An agent name, or null when omitted. */
export function validateAgent(agent: unknown): string | null {
  // Every claim carries one: a well-formed name skips the parse (the same rules, checked directly).
  if (
    typeof agent === 'string' &&
    agent.length >= 1 &&
    agent.length <= 255 &&
    loneSurrogateProblem(agent) === null
  )
    return agent;
  return validate(optionalAgentSchema, agent, agentRefusal);
}

const requiredAgentSchema = z.unknown().refine((agent) => agent !== undefined && agent !== null, {
  error: 'required',
});
const requiredAgentRefusal = refusal('agent', () => 'claimNext needs an agent name.');

/** claimNext's agent: required, then the rules of every agent name. */
export function validateRequiredAgent(agent: unknown): string {
  if (agent === undefined || agent === null) validate(requiredAgentSchema, agent, requiredAgentRefusal);
  return validateAgent(agent)!;
}

const LEASE_SECONDS = 'expected a positive number of seconds';
const leaseSecondsSchema = z
  .number({ error: LEASE_SECONDS })
  .refine((s) => Number.isFinite(s) && s > 0 && s <= MAX_LEASE_SECONDS, { error: LEASE_SECONDS });
const leaseSecondsRefusal = refusal(
  'leaseSeconds',
  (input) =>
    `Invalid lease of ${JSON.stringify(input)} seconds: expected a positive number of seconds (at most a year).`,
);

/** Seconds a lease lasts; omitted means the default. */
export function validateLeaseSeconds(seconds: unknown): number {
  const s = seconds ?? DEFAULT_LEASE_SECONDS;
  // The common case, a number in range, is checked directly (leaseSecondsSchema's rules).
  if (typeof s === 'number' && Number.isFinite(s) && s > 0 && s <= MAX_LEASE_SECONDS) return s;
  return validate(leaseSecondsSchema, s, leaseSecondsRefusal);
}

/** The terms of a claim: who claims, and for how long (null: no expiry, the Python app's kind of claim). */
export interface ClaimTerms {
  agent: string | null;
  seconds: number | null;
}

/** claim and claimAndGet: `leaseSeconds: null` asks for a claim without expiry. */
export function validateClaimTerms(
  options: { agent?: unknown; leaseSeconds?: unknown } | undefined,
): ClaimTerms {
  return {
    agent: validateAgent(options?.agent),
    seconds: options?.leaseSeconds === null ? null : validateLeaseSeconds(options?.leaseSeconds),
  };
}

/** claimNext always leases: a missing or null leaseSeconds means the default. */
export function validateClaimNextTerms(options: { agent?: unknown; leaseSeconds?: unknown } | undefined): {
  agent: string;
  seconds: number;
} {
  return {
    agent: validateRequiredAgent(options?.agent),
    seconds: validateLeaseSeconds(options?.leaseSeconds),
  };
}

const optionalText = z.string().nullish();
const leaseSchema = z.looseObject({
  feature_id: z.unknown(),
  generation: z.number().refine(Number.isSafeInteger),
  agent: optionalText,
  claimed_at: optionalText,
  epoch: optionalText,
});
const isText = (v: unknown) => v === undefined || v === null || typeof v === 'string';
const isLeaseShaped = (l: unknown): boolean =>
  typeof l === 'object' &&
  l !== null &&
  Number.isSafeInteger((l as Lease).generation) &&
  isText((l as Lease).agent) &&
  isText((l as Lease).claimed_at) &&
  isText((l as Lease).epoch);
const leaseRefusal = refusal(
  'lease',
  () => 'Invalid lease: pass the lease object returned by claim, claimNext or renew.',
);

/**
 * A lease as claim, claimNext or renew returned it. A lease missing a field (say, one put
 * together by hand) is still accepted here and then matches no claim, so it is refused as lost.
 */
export function validateLease(lease: unknown): Lease {
  // Every holder write carries one: the common, well-formed case skips the parse (same rules).
  if (!isLeaseShaped(lease)) validate(leaseSchema, lease, leaseRefusal);
  validateId((lease as Lease).feature_id, 'feature');
  return lease as Lease;
}

const holderSchema = z
  .object({ id: z.number(), lease: z.looseObject({ feature_id: z.unknown() }) })
  .refine(({ id, lease }) => lease.feature_id === id, { error: 'lease of another feature', path: ['lease'] });
const holderRefusal: Refusal = {
  path: 'lease',
  message: (input) => {
    const { id, lease } = input as { id: number; lease: Lease };
    return `The lease is for feature ${lease.feature_id}, not ${id}.`;
  },
};

/** The lease a holder write carries, checked to be a lease of feature `id`; undefined for an unguarded write. */
export function validateHolder(id: unknown, options: { lease?: unknown } | undefined): Lease | undefined {
  const featureId = validateId(id, 'feature');
  if (options?.lease === undefined) return undefined;
  const lease = validateLease(options.lease);
  if (lease.feature_id !== featureId) validate(holderSchema, { id: featureId, lease }, holderRefusal);
  return lease;
}

const staleSchema = z.object(
  {
    olderThanSeconds: z
      .number({ error: 'expected a number >= 0' })
      .refine((s) => Number.isFinite(s) && s >= 0, { error: 'expected a number >= 0' }),
  },
  { error: 'expected a number >= 0' },
);
const staleRefusal: Refusal = {
  path: 'olderThanSeconds',
  message: () => 'reclaimStale needs olderThanSeconds, a number of seconds >= 0.',
};

export const validateReclaimStale = (options: unknown): number =>
  validate(staleSchema, options ?? {}, staleRefusal).olderThanSeconds;

// ---- lists and cursors ------------------------------------------------------------------------

export interface ListQuery {
  status: FeatureStatusFilter | undefined;
  category: string | undefined;
  limit: number;
  after: { priority: number; id: number } | null;
}

const cursorSchema = z
  .string()
  .nullish()
  .transform((cursor, ctx) => {
    if (!cursor) return null;
    const position = decodeCursor(cursor);
    if (!position) ctx.addIssue({ code: 'custom', message: 'not a cursor returned by list()' });
    return position;
  });

const listSchema = z.object({
  status: z
    .enum(STATUS_FILTERS as [FeatureStatusFilter, ...FeatureStatusFilter[]], {
      error: `expected one of ${STATUS_FILTERS.join(', ')}`,
    })
    .optional(),
  category: z.string({ error: 'expected a string' }).optional(),
  limit: z.unknown().optional(),
  after: cursorSchema,
});
const listRefusal = fieldsRefusal({
  status: (s) => `Invalid status filter ${JSON.stringify(s)}: expected one of ${STATUS_FILTERS.join(', ')}.`,
  category: () => 'Invalid category filter: expected a string.',
  after: (c) => `Invalid cursor ${JSON.stringify(c)}: pass the next_cursor of a previous page.`,
});

export function validateListQuery(options: unknown): ListQuery {
  const o = (options ?? {}) as { limit?: unknown };
  const limit = validateLimit(LIST_LIMIT, o.limit);
  const parsed = validate(listSchema, o, listRefusal);
  return { status: parsed.status, category: parsed.category, limit, after: parsed.after };
}

// ---- dependencies and batches -----------------------------------------------------------------

const dependencyArraySchema = z.array(z.unknown(), { error: 'expected an array' });
const dependencyArrayRefusal = refusal(
  'dependencies',
  () => 'Invalid dependencies: expected an array of feature ids.',
);

/** setDependencies' list: an array of dependency ids (its rules against the backlog come later, under the lock). */
export function validateDependencyIds(dependsOn: unknown): number[] {
  return validate(dependencyArraySchema, dependsOn, dependencyArrayRefusal).map((d) =>
    validateId(d, 'dependency'),
  );
}

/** depends_on_indices may only name earlier items of the same batch, each once; one pass with the items' own rules. */
export const featureBatchSchema = featureBulkSchema.superRefine((items, ctx) => {
  items.forEach((item, i) => {
    const seen = new Set<number>();
    for (const index of item.depends_on_indices ?? []) {
      const problem =
        index === i
          ? 'depends on itself'
          : index > i
            ? `depends on a later item (${index})`
            : seen.has(index)
              ? `lists index ${index} twice`
              : null;
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'depends_on_indices'],
          message: `item ${i} ${problem}; depends_on_indices may only name earlier items`,
        });
        return;
      }
      seen.add(index);
    }
  });
});
