import { isSqlaDateTime, stringifyPythonStyle } from '@forgedb/schema';
import type { Lease } from '../api.js';
import { sqlaText, tsParam, type TableNames } from './pg-context.js';

/** Every column a feature result is read from, timestamps as SQLAlchemy text; the same for SELECT and RETURNING. */
export const FEATURE_COLUMNS =
  'id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input, ' +
  `human_input_request, human_input_response, claimed_by, ${sqlaText('claimed_at')} AS claimed_at, ` +
  `${sqlaText('lease_expires_at')} AS lease_expires_at, claim_generation`;

/**
 * Set by every write of a feature's queue columns (status, priority, dependencies, id): the
 * writing transaction's top-level id, also inside a savepoint, so a reader's next refresh reads
 * exactly the rows written since its previous snapshot (docs/decisions/0016-pg-status-delta.md).
 */
export const MARK_CHANGED = 'changed_xid = pg_current_xact_id()';

/** A feature row as pg returns it: bigints as text, jsonb parsed, booleans native. */
interface PgRawFeatureRow {
  id: string;
  priority: string;
  category: string;
  name: string;
  description: string;
  steps: unknown;
  passes: boolean;
  in_progress: boolean;
  dependencies: string | null;
  needs_human_input: boolean;
  human_input_request: unknown;
  human_input_response: unknown;
  claimed_by: string | null;
  claimed_at: string | null;
  lease_expires_at: string | null;
  claim_generation: string;
}

export type FeatureRow = Omit<PgRawFeatureRow, 'id' | 'priority' | 'claim_generation'> & {
  id: number;
  priority: number;
  claim_generation: number;
};

/** Feature ids are bigint on PostgreSQL, and a copy refuses ids no JavaScript number holds, so Number() is exact. */
export const toFeatureRow = (r: PgRawFeatureRow): FeatureRow => ({
  ...r,
  id: Number(r.id),
  priority: Number(r.priority),
  claim_generation: Number(r.claim_generation),
});

export const toFeatureRows = (rows: unknown[]) => (rows as PgRawFeatureRow[]).map(toFeatureRow);

/** Dependency lists are stored sorted, Python-style (`[1, 3]`), as on SQLite; an empty list is stored as NULL. */
export const storedDependencies = (ids: readonly number[]): string | null =>
  ids.length === 0 ? null : stringifyPythonStyle([...ids].sort((a, b) => a - b));

/**
 * The highest generation issued in project $1, or above it: the claim generations sequence's
 * last value (every claim takes one, whatever the project) and the project's lease state (what
 * was issued before the sequence, or copied in, or by an older forgedb that still counts there).
 * A plain read of both: nothing waits for a claim in progress.
 */
export const issuedGenerations = (t: TableNames) =>
  `GREATEST((SELECT generation FROM ${t.leaseState} WHERE project_id = $1), (SELECT last_value FROM ${t.claimGenerations}))`;

/**
 * The SQL fragments of the guarded writes (the same rules as src/sqlite/feature-statements.ts),
 * over numbered parameters: $1 the project, $2 the feature id, $3..$6 the lease
 * (generation, agent, claimed_at, epoch), or NULLs for an unguarded write.
 */
export function featureSql(t: TableNames) {
  const issued = issuedGenerations(t);
  /** Ends the claim and every lease on it: its generation moves past every one issued in the project. */
  const endClaim = `claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL,
    claim_generation = CASE WHEN in_progress THEN GREATEST(${issued}, claim_generation) + 1 ELSE claim_generation END`;
  /** The lease's own claim, still held: generation, in progress, its agent and claim time, the project's epoch. */
  const live = `(claim_generation = $3::bigint AND in_progress AND claimed_by IS NOT DISTINCT FROM $4::text
    AND claimed_at = $5::timestamptz AND (SELECT epoch FROM ${t.leaseState} WHERE project_id = $1) = $6::text)`;
  const holder = `($3::bigint IS NULL OR ${live})`;
  const where = 'project_id = $1 AND id = $2';
  return { endClaim, live, holder, where };
}

/** The parameters $1..$6 of a guarded write. A lease missing a field matches no claim (refused as lost). */
export const guardParams = (projectId: number, id: number, lease: Lease | undefined) => [
  projectId,
  id,
  lease?.generation ?? null,
  lease?.agent ?? null,
  // Text that is no DATETIME (a hand-made lease) matches no claim time, as on SQLite.
  lease && isSqlaDateTime(lease.claimed_at) ? tsParam(lease.claimed_at) : null,
  lease?.epoch ?? null,
];
