import { NotFoundError } from '@forgedb/db-core';
import { writeTransaction, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { serializeFeature, type FeatureDict } from '@forgedb/schema';
import type { Lease } from '../api.js';
import type { Clock } from '../clock.js';
import { refusalOf, type RefusalCheck } from '../features/refusals.js';
import type { RawFeatureRow } from './feature-row.js';
import { prepareFeatureStatements, type FeatureStatements } from './feature-statements.js';
import { queueSnapshotCache } from '../features/queue-snapshot.js';
import { sqliteQueueSource } from './change-log.js';

/**
 * The statement parameters that identify a lease's claim. A lease missing a field (say, one put
 * together by hand from a feature id and a generation) matches no claim: forgedb always records
 * claimed_at and the epoch, so it is refused as lost rather than taking over a Python claim.
 */
export const leaseParams = (lease: Lease | undefined) => ({
  generation: lease?.generation ?? null,
  agent: lease?.agent ?? null,
  claimedAt: lease?.claimed_at ?? null,
  epoch: lease?.epoch ?? null,
});

export type HolderParams = { id: number } & ReturnType<typeof leaseParams>;

/** What the parts of the SQLite features adapter share: one connection, its statements and queue snapshot. */
export interface FeatureContext {
  db: SqliteDatabase;
  clock: Clock;
  st: FeatureStatements;
  snapshots: ReturnType<typeof queueSnapshotCache>;
  /** BEGIN IMMEDIATE ... COMMIT, synchronously; a failed write drops the cached snapshot. */
  write: <T>(fn: () => T) => T;
  /** The row, or NotFoundError. */
  mustGet: (id: number) => RawFeatureRow;
  /** After a guarded UPDATE matched nothing, in the same transaction: what stopped it. */
  refusal: (id: number, lease: Lease | undefined, checks: readonly RefusalCheck[]) => Error;
  /** A guarded single-row change in its own write transaction; on refusal, the typed reason. */
  guarded: (
    id: number,
    lease: Lease | undefined,
    run: (params: HolderParams) => RawFeatureRow | undefined,
    checks: readonly RefusalCheck[],
  ) => FeatureDict;
}

export function createFeatureContext(
  db: SqliteDatabase,
  clock: Clock,
  options: { incrementalQueue: boolean },
): FeatureContext {
  const st = prepareFeatureStatements(db);
  const snapshots = queueSnapshotCache(sqliteQueueSource(db, { incremental: options.incrementalQueue }));

  // A rolled-back transaction restores rows without moving total_changes back, so any failed
  // write drops the cache (and the writes noted for it).
  const write = <T>(fn: () => T): T => {
    try {
      return writeTransaction(db, fn);
    } catch (error) {
      snapshots.reset();
      throw error;
    }
  };

  const mustGet = (id: number) => {
    const found = st.byId.get(id);
    if (!found) throw new NotFoundError('feature', id);
    return found;
  };

  const refusal = (id: number, lease: Lease | undefined, checks: readonly RefusalCheck[]) => {
    const current = mustGet(id);
    const observed = lease && {
      lease,
      holds: st.leaseLive.get({ id, ...leaseParams(lease) }) !== undefined,
    };
    return refusalOf(id, current, observed, checks);
  };

  return {
    db,
    clock,
    st,
    snapshots,
    write,
    mustGet,
    refusal,
    guarded: (id, lease, run, checks) =>
      serializeFeature(
        write(() => {
          const updated = run({ id, ...leaseParams(lease) });
          if (!updated) throw refusal(id, lease, checks);
          snapshots.noteOwnWrite(updated);
          return updated;
        }),
      ),
  };
}
