import { ConflictError, NotFoundError, SchemaError, ValidationError } from '@forgedb/db-core';
import { readTransaction, writeTransaction, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import {
  LEASE_STATE_TABLE,
  LIMITS,
  featureBulkSchema,
  featureCreateSchema,
  humanInputRequestSchema,
  humanInputResponseSchema,
  normalizeDependencies,
  loneSurrogateProblem,
  serializeFeature,
  stringifyPythonStyle,
  textCell,
  type FeatureDict,
} from '@forgedb/schema';
import type {
  ClaimOptions,
  FeatureBulkItem,
  FeatureCreateItem,
  FeaturesApi,
  GraphResult,
  HolderOptions,
  Lease,
  ListFeaturesOptions,
} from '../api.js';
import { addSeconds, type Clock } from '../clock.js';
import { LeaseLostError, UnsafeIdError } from '../errors.js';
import { validate, validateId, validateLimit } from '../validate.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { checkDependencyList } from './dependency-rules.js';
import { prepareFeatureStatements, type RawFeatureRow } from '../sqlite/feature-statements.js';
import { STATUS_FILTERS, listStatement } from './list-statement.js';
import { completionPercentage } from './percentage.js';
import { queueSnapshotCache } from '../sqlite/queue-snapshot.js';
import { bestReadyRow, blockedRows, graphStatus, readyRows } from './queue-views.js';

export const DEFAULT_LEASE_SECONDS = 300;
const LIST_LIMIT = { min: 1, max: 500, default: 100 } as const;

function leaseOf(row: RawFeatureRow, epoch: string): Lease {
  return {
    feature_id: row.id,
    agent: row.claimed_by,
    generation: row.claim_generation,
    claimed_at: row.claimed_at ?? '',
    lease_expires_at: row.lease_expires_at,
    epoch,
  };
}

function validateLeaseSeconds(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 366 * 24 * 3600) {
    throw new ValidationError(
      'input',
      `Invalid lease of ${JSON.stringify(value)} seconds: expected a positive number of seconds (at most a year).`,
      [{ path: 'leaseSeconds', message: 'expected a positive number of seconds' }],
    );
  }
  return value;
}

function validateAgent(agent: unknown): string | null {
  if (agent === undefined || agent === null) return null;
  if (typeof agent !== 'string' || agent.length === 0 || agent.length > 255) {
    throw new ValidationError('input', 'Invalid agent name: expected 1 to 255 characters.', [
      { path: 'agent', message: 'expected 1 to 255 characters' },
    ]);
  }
  const problem = loneSurrogateProblem(agent);
  if (problem)
    throw new ValidationError('input', `Invalid agent name: agent ${problem}.`, [
      { path: 'agent', message: problem },
    ]);
  return agent;
}

const optionalText = (value: unknown) => value === undefined || value === null || typeof value === 'string';

function validateLease(lease: unknown): Lease {
  const l = lease as Partial<Lease> | null;
  if (
    !l ||
    typeof l !== 'object' ||
    !Number.isSafeInteger(l.generation) ||
    !optionalText(l.agent) ||
    !optionalText(l.claimed_at) ||
    !optionalText(l.epoch)
  ) {
    throw new ValidationError(
      'input',
      'Invalid lease: pass the lease object returned by claim, claimNext or renew.',
      [{ path: 'lease', message: 'not a lease' }],
    );
  }
  validateId(l.feature_id, 'feature');
  return l as Lease;
}

/**
 * The statement parameters that identify a lease's claim. A lease missing a field (say, one put
 * together by hand from a feature id and a generation) matches no claim: forgedb always records
 * claimed_at and the epoch, so it is refused as lost rather than taking over a Python claim.
 */
const leaseParams = (lease: Lease | undefined) => ({
  generation: lease?.generation ?? null,
  agent: lease?.agent ?? null,
  claimedAt: lease?.claimed_at ?? null,
  epoch: lease?.epoch ?? null,
});

/** Dependency lists are stored sorted, Python-style (`[1, 3]`); an empty list is stored as NULL. */
const storedDependencies = (ids: readonly number[]) =>
  ids.length === 0 ? null : stringifyPythonStyle([...ids].sort((a, b) => a - b));

/** The SQLite implementation of the work queue (docs/contracts.md#4-the-work-queue, leases included). */
export function createFeaturesStore(db: SqliteDatabase, clock: Clock): FeaturesApi {
  const st = prepareFeatureStatements(db);
  const snapshots = queueSnapshotCache(st);

  // A rolled-back transaction restores rows that noteOwnWrite may already have folded into the
  // cached snapshot without moving total_changes back, so any failed write drops the cache.
  const write = <T>(fn: () => T): T => {
    try {
      return writeTransaction(db, fn);
    } catch (error) {
      snapshots.reset();
      throw error;
    }
  };

  /** Inserts one feature; its id is max + 1 over the safe ids, refused once that would leave them. */
  const insert = (values: Record<string, unknown>): RawFeatureRow => {
    const created = st.insert.get(values) as RawFeatureRow;
    if (!Number.isSafeInteger(created.id)) {
      throw new UnsafeIdError(
        [],
        `Cannot create a feature: feature ids already reach ${Number.MAX_SAFE_INTEGER}, the largest a ` +
          'JavaScript number holds exactly, so the next id would be beyond it. Nothing was created. ' +
          'Renumber the features with the highest ids (e.g. with sqlite3) and retry.',
      );
    }
    return created;
  };

  const mustGet = (id: number) => {
    const found = st.byId.get(id) as RawFeatureRow | undefined;
    if (!found) throw new NotFoundError('feature', id);
    return found;
  };

  /** After a guarded UPDATE matched nothing: say why, most specific reason first. */
  const refusal = (
    id: number,
    lease: Lease | undefined,
    checks: ('passing' | 'in_progress' | 'waiting' | 'idle' | 'not_waiting')[],
  ) => {
    const current = mustGet(id);
    if (lease && st.leaseLive.get({ id, ...leaseParams(lease) }) === undefined) {
      return new LeaseLostError(id, lease.generation);
    }
    for (const check of checks) {
      if (check === 'passing' && current.passes)
        return new ConflictError('already_passing', `Feature ${id} is already passing.`);
      if (check === 'in_progress' && current.in_progress) {
        return new ConflictError('already_in_progress', `Feature ${id} is already in progress.`);
      }
      if (check === 'waiting' && current.needs_human_input) {
        return new ConflictError(
          'waiting_for_human',
          `Feature ${id} is waiting for human input; respond to it first.`,
        );
      }
      if (check === 'idle' && !current.in_progress) {
        return new ConflictError(
          'not_in_progress',
          `Feature ${id} is not in progress; claim it before asking for human input.`,
        );
      }
      if (check === 'not_waiting' && !current.needs_human_input) {
        return new ConflictError('not_waiting_for_human', `Feature ${id} is not waiting for human input.`);
      }
    }
    return new ConflictError('refused', `Feature ${id} changed concurrently; nothing was changed.`);
  };

  const holderParams = (id: number, options: HolderOptions | undefined) => {
    const lease = options?.lease === undefined ? undefined : validateLease(options.lease);
    if (lease && lease.feature_id !== id) {
      throw new ValidationError('input', `The lease is for feature ${lease.feature_id}, not ${id}.`, [
        { path: 'lease', message: 'lease of another feature' },
      ]);
    }
    return { lease, params: { id, ...leaseParams(lease) } };
  };

  /** A guarded single-row change; on refusal, the typed reason. */
  const guarded = (
    id: number,
    options: HolderOptions | undefined,
    run: (params: { id: number } & ReturnType<typeof leaseParams>) => RawFeatureRow | undefined,
    checks: Parameters<typeof refusal>[2],
  ): FeatureDict => {
    validateId(id, 'feature');
    const { lease, params } = holderParams(id, options);
    return write(() => {
      const updated = run(params);
      if (!updated) throw refusal(id, lease, checks);
      snapshots.noteOwnWrite(updated);
      return serializeFeature(updated);
    });
  };

  /** Claim options checked before the write lock is taken. */
  const claimTerms = (options: ClaimOptions | undefined) => ({
    agent: validateAgent(options?.agent),
    seconds:
      options?.leaseSeconds === null
        ? null
        : validateLeaseSeconds(options?.leaseSeconds ?? DEFAULT_LEASE_SECONDS),
  });

  /** The claimed row and its lease, or undefined when the guard refused the claim. */
  const claimRow = (
    id: number,
    terms: ReturnType<typeof claimTerms>,
    takeover: boolean,
    now = clock.now(db),
  ): { row: RawFeatureRow; lease: Lease } | undefined => {
    const row = st.claim.get({
      id,
      agent: terms.agent,
      now,
      expires: terms.seconds === null ? null : addSeconds(now, terms.seconds),
      takeover: takeover ? 1 : 0,
    }) as RawFeatureRow | undefined;
    if (!row) return undefined;
    const epoch = st.recordIssued.get({ generation: row.claim_generation }) as string | undefined;
    if (epoch === undefined) {
      throw new SchemaError(
        `${db.name}: forgedb's lease state (table ${LEASE_STATE_TABLE}) is missing its row, so no claim can be ` +
          'fenced. Run `forgedb migrate` (or reopen the store) to restore it. Nothing was changed.',
      );
    }
    snapshots.noteOwnWrite(row, 2);
    return { row, lease: leaseOf(row, epoch) };
  };

  const setDependencies = (id: number, next: (current: number[]) => number[]): FeatureDict =>
    write(() => {
      const snapshot = snapshots.get();
      // A row left out of the queue (its list names an id beyond 2^53) is still a feature, and
      // setting its dependencies is how it is repaired.
      const dependenciesOf = (f: number): number[] | undefined => {
        const queued = snapshot.byId.get(f);
        if (queued) return queued.dependencies;
        const row = st.byId.get(f) as RawFeatureRow | undefined;
        return row ? normalizeDependencies(row.dependencies) : undefined;
      };
      const current = dependenciesOf(id);
      if (!current) throw new NotFoundError('feature', id);
      const list = next(current);
      checkDependencyList(id, list, (d) => dependenciesOf(d) !== undefined, dependenciesOf);
      return serializeFeature(
        st.setDependencies.get({ id, dependencies: storedDependencies(list) }) as RawFeatureRow,
      );
    });

  const api: FeaturesApi = {
    async stats() {
      const s = st.stats.get() as {
        total: number;
        passing: number;
        in_progress: number;
        needs_human_input: number;
      };
      return { ...s, percentage: completionPercentage(s.passing, s.total) };
    },

    async get(id) {
      return serializeFeature(mustGet(validateId(id, 'feature')));
    },

    async summary(id) {
      const f = serializeFeature(mustGet(validateId(id, 'feature')));
      return {
        id: f.id,
        priority: f.priority,
        category: f.category,
        name: f.name,
        passes: f.passes,
        in_progress: f.in_progress,
        needs_human_input: f.needs_human_input,
        dependencies: f.dependencies,
      };
    },

    async list(options: ListFeaturesOptions = {}) {
      const limit = validateLimit(options.limit, LIST_LIMIT);
      const after = options.after ? decodeCursor(options.after) : null;
      if (options.status !== undefined && !STATUS_FILTERS.includes(options.status)) {
        throw new ValidationError(
          'input',
          `Invalid status filter ${JSON.stringify(options.status)}: expected one of ${STATUS_FILTERS.join(', ')}.`,
          [{ path: 'status', message: `expected one of ${STATUS_FILTERS.join(', ')}` }],
        );
      }
      if (options.category !== undefined && typeof options.category !== 'string') {
        throw new ValidationError('input', 'Invalid category filter: expected a string.', [
          { path: 'category', message: 'expected a string' },
        ]);
      }
      const stmt = listStatement(db, {
        status: options.status,
        category: options.category !== undefined,
        after: after !== null,
      });
      const rows = stmt.all({
        category: options.category ?? null,
        priority: after?.priority ?? null,
        id: after?.id ?? null,
        limit: limit + 1,
      }) as RawFeatureRow[];
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(serializeFeature),
        next_cursor: rows.length > limit && last ? encodeCursor(last.priority, last.id) : null,
      };
    },

    async create(item: FeatureCreateItem) {
      const input = validate(featureCreateSchema, item, 'feature');
      return write(() =>
        serializeFeature(
          insert({
            priority: st.nextPriority.get(),
            category: input.category,
            name: input.name,
            description: input.description,
            steps: stringifyPythonStyle(input.steps),
            dependencies: null,
          }),
        ),
      );
    },

    async createBulk(items: FeatureBulkItem[]) {
      const input = validate(featureBulkSchema, items, 'feature batch');
      input.forEach((item, i) => {
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
            throw new ValidationError(
              'input',
              `Invalid feature batch: item ${i} ${problem}; depends_on_indices may only name earlier items.`,
              [{ path: `${i}.depends_on_indices`, message: problem }],
            );
          }
          seen.add(index);
        }
      });
      return write(() => {
        let priority = st.nextPriority.get() as number;
        const ids: number[] = [];
        const features = input.map((item) => {
          const created = insert({
            priority: priority++,
            category: item.category,
            name: item.name,
            description: item.description,
            steps: stringifyPythonStyle(item.steps),
            dependencies: storedDependencies((item.depends_on_indices ?? []).map((index) => ids[index]!)),
          });
          ids.push(created.id);
          return serializeFeature(created);
        });
        return { created: features.length, features };
      });
    },

    async claim(id, options) {
      validateId(id, 'feature');
      const terms = claimTerms(options);
      return write(() => {
        const claimed = claimRow(id, terms, false);
        if (!claimed) throw refusal(id, undefined, ['passing', 'in_progress', 'waiting']);
        return { feature: serializeFeature(claimed.row), lease: claimed.lease };
      });
    },

    async claimAndGet(id, options) {
      validateId(id, 'feature');
      const terms = claimTerms(options);
      return write(() => {
        const claimed = claimRow(id, terms, false);
        if (claimed)
          return { feature: serializeFeature(claimed.row), already_claimed: false, lease: claimed.lease };
        const current = mustGet(id);
        if (current.in_progress && !current.passes)
          return { feature: serializeFeature(current), already_claimed: true, lease: null };
        throw refusal(id, undefined, ['passing', 'waiting']);
      });
    },

    async claimNext(options) {
      const agent = validateAgent(options?.agent);
      if (agent === null)
        throw new ValidationError('input', 'claimNext needs an agent name.', [
          { path: 'agent', message: 'required' },
        ]);
      // Unlike claim, claimNext always leases: a missing or null leaseSeconds means the default.
      const terms = { agent, seconds: validateLeaseSeconds(options.leaseSeconds ?? DEFAULT_LEASE_SECONDS) };
      return write(() => {
        // One reading of the clock decides both which lease has expired and the new lease's times.
        const now = clock.now(db);
        const best = bestReadyRow(snapshots.get(), now);
        if (!best) return null;
        const claimed = claimRow(best.id, terms, true, now);
        // Under the write lock the snapshot is current, so the guard cannot fail; if it ever did,
        // claiming nothing is the safe answer.
        if (!claimed) return null;
        return { feature: serializeFeature(claimed.row), lease: claimed.lease };
      });
    },

    async renew(lease, options) {
      const l = validateLease(lease);
      const seconds = validateLeaseSeconds(options?.leaseSeconds ?? DEFAULT_LEASE_SECONDS);
      return write(() => {
        const renewed = st.renew.get({
          id: l.feature_id,
          ...leaseParams(l),
          expires: addSeconds(clock.now(db), seconds),
        }) as RawFeatureRow | undefined;
        if (!renewed) {
          mustGet(l.feature_id);
          throw new LeaseLostError(l.feature_id, l.generation);
        }
        snapshots.noteOwnWrite(renewed);
        return leaseOf(renewed, l.epoch);
      });
    },

    async release(lease) {
      const l = validateLease(lease);
      return guarded(
        l.feature_id,
        { lease: l },
        (p) => st.clearInProgress.get(p) as RawFeatureRow | undefined,
        [],
      );
    },

    async reclaimStale(options) {
      const seconds = options?.olderThanSeconds;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
        throw new ValidationError('input', 'reclaimStale needs olderThanSeconds, a number of seconds >= 0.', [
          { path: 'olderThanSeconds', message: 'expected a number >= 0' },
        ]);
      }
      return write(() => {
        const now = clock.now(db);
        const cutoff = addSeconds(now, -seconds);
        const reclaimed: number[] = [];
        const firstSeen: number[] = [];
        for (const claim of st.staleClaims.all({ now }) as { id: number; claimed_at: string | null }[]) {
          if (claim.claimed_at === null) {
            st.stampFirstSeen.run({ id: claim.id, now });
            firstSeen.push(claim.id);
          } else if (claim.claimed_at <= cutoff) {
            st.reclaim.run({ id: claim.id });
            reclaimed.push(claim.id);
          }
        }
        return { reclaimed, first_seen: firstSeen };
      });
    },

    async markPassing(id, options) {
      return guarded(id, options, (p) => st.markPassing.get(p) as RawFeatureRow | undefined, ['passing']);
    },

    async markFailing(id, options) {
      return guarded(id, options, (p) => st.markFailing.get(p) as RawFeatureRow | undefined, []);
    },

    async skip(id, options) {
      return guarded(id, options, (p) => st.skip.get(p) as RawFeatureRow | undefined, ['passing']);
    },

    async clearInProgress(id, options) {
      return guarded(id, options, (p) => st.clearInProgress.get(p) as RawFeatureRow | undefined, []);
    },

    async addDependency(id, dependsOn) {
      validateId(id, 'feature');
      validateId(dependsOn, 'dependency');
      return setDependencies(id, (current) => {
        if (current.includes(dependsOn)) {
          throw new ValidationError('input', `Feature ${id} already depends on ${dependsOn}.`, [
            { path: 'dependencies', message: `duplicate ${dependsOn}` },
          ]);
        }
        return [...current, dependsOn];
      });
    },

    async removeDependency(id, dependsOn) {
      validateId(id, 'feature');
      validateId(dependsOn, 'dependency');
      return setDependencies(id, (current) => {
        if (!current.includes(dependsOn)) {
          throw new NotFoundError('dependency', dependsOn, {
            entity: `dependency of feature ${id} on feature`,
          });
        }
        return current.filter((d) => d !== dependsOn);
      });
    },

    async setDependencies(id, dependsOn) {
      validateId(id, 'feature');
      if (!Array.isArray(dependsOn)) {
        throw new ValidationError('input', 'Invalid dependencies: expected an array of feature ids.', [
          { path: 'dependencies', message: 'expected an array' },
        ]);
      }
      dependsOn.forEach((d) => validateId(d, 'dependency'));
      return setDependencies(id, () => [...dependsOn]);
    },

    async ready(options) {
      const limit = validateLimit(options?.limit, LIMITS.readyLimit);
      return readTransaction(db, () => {
        const ready = readyRows(snapshots.get(), limit);
        return { features: ready.rows.map((r) => serializeFeature(mustGet(r.id))), total_ready: ready.total };
      });
    },

    async blocked(options) {
      const limit = validateLimit(options?.limit, LIMITS.blockedLimit);
      return readTransaction(db, () => {
        const blocked = blockedRows(snapshots.get());
        return {
          features: blocked
            .slice(0, limit)
            .map(({ row: r, blockedBy }) => ({ ...serializeFeature(mustGet(r.id)), blocked_by: blockedBy })),
          total_blocked: blocked.length,
        };
      });
    },

    async graph(): Promise<GraphResult> {
      return readTransaction(db, () => {
        const snapshot = snapshots.get();
        const names = new Map(
          (st.names.all() as { id: number; name: unknown; category: unknown }[]).map((r) => [r.id, r]),
        );
        return {
          nodes: snapshot.rows.map((r) => ({
            id: r.id,
            name: textCell(names.get(r.id)?.name),
            category: textCell(names.get(r.id)?.category),
            priority: r.priority,
            status: graphStatus(r, snapshot),
            dependencies: r.dependencies,
          })),
          edges: snapshot.rows.flatMap((r) => r.dependencies.map((d) => ({ source: d, target: r.id }))),
        };
      });
    },

    async requestHumanInput(id, request, options) {
      const parsed = validate(humanInputRequestSchema, request, 'human input request');
      return guarded(
        id,
        options,
        (p) =>
          st.requestHumanInput.get({ ...p, request: stringifyPythonStyle(parsed) }) as
            RawFeatureRow | undefined,
        ['passing', 'waiting', 'idle'],
      );
    },

    async respondHumanInput(id, response) {
      validateId(id, 'feature');
      const parsed = validate(humanInputResponseSchema, response, 'human input response');
      return write(() => {
        const updated = st.respondHumanInput.get({ id, response: stringifyPythonStyle(parsed) }) as
          RawFeatureRow | undefined;
        if (!updated) throw refusal(id, undefined, ['not_waiting']);
        snapshots.noteOwnWrite(updated);
        return serializeFeature(updated);
      });
    },
  };
  return api;
}
