import { NotFoundError, SchemaError } from '@forgedb/db-core';
import { readTransaction, writeTransaction, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import {
  LEASE_STATE_TABLE,
  normalizeDependencies,
  serializeFeature,
  stringifyPythonStyle,
  textCell,
  type FeatureDict,
} from '@forgedb/schema';
import type { FeatureMark, FeaturesAdapter } from '../adapter.js';
import type { FeatureBulkItem, Lease } from '../api.js';
import { addSeconds, type Clock } from '../clock.js';
import { UnsafeIdError } from '../errors.js';
import { encodeCursor } from '../features/cursor.js';
import { checkDependencyList, nextDependencies } from '../features/dependency-rules.js';
import { leaseOf } from '../features/lease.js';
import { bestReadyRow, blockedRows, graphStatus, readyRows } from '../features/queue-views.js';
import {
  CLAIM_AND_GET_CHECKS,
  CLAIM_CHECKS,
  NO_CHECKS,
  PASSING_CHECKS,
  REQUEST_HUMAN_INPUT_CHECKS,
  RESPOND_HUMAN_INPUT_CHECKS,
  isAlreadyClaimed,
  leaseLost,
  refusalOf,
  type RefusalCheck,
} from '../features/refusals.js';
import type { ClaimTerms } from '../validation/index.js';
import { prepareFeatureStatements, type RawFeatureRow } from './feature-statements.js';
import { listStatement } from './list-statement.js';
import { queueSnapshotCache } from './queue-snapshot.js';

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

const MARK_CHECKS: Record<FeatureMark, readonly RefusalCheck[]> = {
  passing: PASSING_CHECKS,
  failing: NO_CHECKS,
  skip: PASSING_CHECKS,
  clear: NO_CHECKS,
};

/**
 * The work queue on SQLite: every operation is one synchronous BEGIN IMMEDIATE transaction (reads:
 * one deferred read transaction) of prepared statements, on one connection.
 */
export function createSqliteFeaturesAdapter(db: SqliteDatabase, clock: Clock): FeaturesAdapter {
  const st = prepareFeatureStatements(db);
  const snapshots = queueSnapshotCache(st);
  const MARK_STATEMENTS = {
    passing: st.markPassing,
    failing: st.markFailing,
    skip: st.skip,
    clear: st.clearInProgress,
  } as const;

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

  /** After a guarded UPDATE matched nothing, in the same transaction: what stopped it. */
  const refusal = (id: number, lease: Lease | undefined, checks: readonly RefusalCheck[]) => {
    const current = mustGet(id);
    const observed = lease && {
      lease,
      holds: st.leaseLive.get({ id, ...leaseParams(lease) }) !== undefined,
    };
    return refusalOf(id, current, observed, checks);
  };

  /** A guarded single-row change; on refusal, the typed reason. */
  const guarded = (
    id: number,
    lease: Lease | undefined,
    run: (params: { id: number } & ReturnType<typeof leaseParams>) => RawFeatureRow | undefined,
    checks: readonly RefusalCheck[],
  ): FeatureDict =>
    write(() => {
      const updated = run({ id, ...leaseParams(lease) });
      if (!updated) throw refusal(id, lease, checks);
      snapshots.noteOwnWrite(updated);
      return serializeFeature(updated);
    });

  /** The claimed row and its lease, or undefined when the guard refused the claim. */
  const claimRow = (
    id: number,
    terms: ClaimTerms,
    takeover: boolean,
    now = clock.now(),
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

  const insertItem = (item: FeatureBulkItem, priority: number, dependencies: string | null) =>
    insert({
      priority,
      category: item.category,
      name: item.name,
      description: item.description,
      steps: stringifyPythonStyle(item.steps),
      dependencies,
    });

  return {
    stats() {
      return st.stats.get() as {
        total: number;
        passing: number;
        in_progress: number;
        needs_human_input: number;
      };
    },

    get(id) {
      return serializeFeature(mustGet(id));
    },

    list(query) {
      const stmt = listStatement(db, {
        status: query.status,
        category: query.category !== undefined,
        after: query.after !== null,
      });
      const rows = stmt.all({
        category: query.category ?? null,
        priority: query.after?.priority ?? null,
        id: query.after?.id ?? null,
        limit: query.limit + 1,
      }) as RawFeatureRow[];
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(serializeFeature),
        next_cursor: rows.length > query.limit && last ? encodeCursor(last.priority, last.id) : null,
      };
    },

    create(item) {
      return write(() => serializeFeature(insertItem(item, st.nextPriority.get() as number, null)));
    },

    createBulk(items) {
      return write(() => {
        let priority = st.nextPriority.get() as number;
        const ids: number[] = [];
        const features = items.map((item) => {
          const dependencies = storedDependencies(
            (item.depends_on_indices ?? []).map((index) => ids[index]!),
          );
          const created = insertItem(item, priority++, dependencies);
          ids.push(created.id);
          return serializeFeature(created);
        });
        return { created: features.length, features };
      });
    },

    claim(id, terms) {
      return write(() => {
        const claimed = claimRow(id, terms, false);
        if (!claimed) throw refusal(id, undefined, CLAIM_CHECKS);
        return { feature: serializeFeature(claimed.row), lease: claimed.lease };
      });
    },

    claimAndGet(id, terms) {
      return write(() => {
        const claimed = claimRow(id, terms, false);
        if (claimed)
          return { feature: serializeFeature(claimed.row), already_claimed: false, lease: claimed.lease };
        const current = mustGet(id);
        if (isAlreadyClaimed(current))
          return { feature: serializeFeature(current), already_claimed: true, lease: null };
        throw refusal(id, undefined, CLAIM_AND_GET_CHECKS);
      });
    },

    claimNext(terms) {
      return write(() => {
        // One reading of the clock decides both which lease has expired and the new lease's times.
        const now = clock.now();
        const best = bestReadyRow(snapshots.get(), now);
        if (!best) return null;
        const claimed = claimRow(best.id, terms, true, now);
        // Under the write lock the snapshot is current, so the guard cannot fail; if it ever did,
        // claiming nothing is the safe answer.
        if (!claimed) return null;
        return { feature: serializeFeature(claimed.row), lease: claimed.lease };
      });
    },

    renew(lease, seconds) {
      return write(() => {
        const renewed = st.renew.get({
          id: lease.feature_id,
          ...leaseParams(lease),
          expires: addSeconds(clock.now(), seconds),
        }) as RawFeatureRow | undefined;
        if (!renewed) {
          mustGet(lease.feature_id);
          throw leaseLost(lease);
        }
        snapshots.noteOwnWrite(renewed);
        return leaseOf(renewed, lease.epoch);
      });
    },

    release(lease) {
      return guarded(
        lease.feature_id,
        lease,
        (p) => st.clearInProgress.get(p) as RawFeatureRow | undefined,
        NO_CHECKS,
      );
    },

    reclaimStale(olderThanSeconds) {
      return write(() => {
        const now = clock.now();
        const cutoff = addSeconds(now, -olderThanSeconds);
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

    mark(mark, id, lease) {
      const stmt = MARK_STATEMENTS[mark];
      return guarded(id, lease, (p) => stmt.get(p) as RawFeatureRow | undefined, MARK_CHECKS[mark]);
    },

    changeDependencies(id, change) {
      return write(() => {
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
        const list = nextDependencies(id, current, change);
        checkDependencyList(id, list, (d) => dependenciesOf(d) !== undefined, dependenciesOf);
        return serializeFeature(
          st.setDependencies.get({ id, dependencies: storedDependencies(list) }) as RawFeatureRow,
        );
      });
    },

    ready(limit) {
      return readTransaction(db, () => {
        const ready = readyRows(snapshots.get(), limit);
        return { features: ready.rows.map((r) => serializeFeature(mustGet(r.id))), total_ready: ready.total };
      });
    },

    blocked(limit) {
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

    graph() {
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

    requestHumanInput(id, request, lease) {
      const text = stringifyPythonStyle(request);
      return guarded(
        id,
        lease,
        (p) => st.requestHumanInput.get({ ...p, request: text }) as RawFeatureRow | undefined,
        REQUEST_HUMAN_INPUT_CHECKS,
      );
    },

    respondHumanInput(id, response) {
      const text = stringifyPythonStyle(response);
      return write(() => {
        const updated = st.respondHumanInput.get({ id, response: text }) as RawFeatureRow | undefined;
        if (!updated) throw refusal(id, undefined, RESPOND_HUMAN_INPUT_CHECKS);
        snapshots.noteOwnWrite(updated);
        return serializeFeature(updated);
      });
    },
  };
}
