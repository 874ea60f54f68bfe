import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { FeaturesAdapter } from '../adapter.js';
import type { Clock } from '../clock.js';
import type { QueueDiagnostics } from '../features/queue-snapshot.js';
import { incrementalQueueDefault } from './change-log.js';
import { featureClaims } from './feature-claims.js';
import { createFeatureContext } from './feature-context.js';
import { featureCreate } from './feature-create.js';
import { featureDependencies } from './feature-dependencies.js';
import { featureGuardedWrites } from './feature-guarded-writes.js';
import { featureReads } from './feature-reads.js';

/**
 * The work queue on SQLite, on one connection: every write is one synchronous BEGIN IMMEDIATE
 * transaction of prepared statements, every multi-statement read one read transaction.
 */
export interface SqliteFeaturesOptions {
  /**
   * Follow the change log to keep the queue current by re-reading only changed rows (default:
   * on, unless FORGEDB_INCREMENTAL_QUEUE=0); off, every change by anyone means a full re-read.
   */
  incrementalQueue?: boolean;
}

export interface SqliteFeaturesAdapter extends FeaturesAdapter {
  queueDiagnostics(): QueueDiagnostics;
}

export function createSqliteFeaturesAdapter(
  db: SqliteDatabase,
  clock: Clock,
  options: SqliteFeaturesOptions = {},
): SqliteFeaturesAdapter {
  const ctx = createFeatureContext(db, clock, {
    incrementalQueue: options.incrementalQueue ?? incrementalQueueDefault(),
  });
  return {
    queueDiagnostics: () => ctx.snapshots.diagnostics(),
    ...featureReads(ctx),
    ...featureCreate(ctx),
    ...featureClaims(ctx),
    ...featureGuardedWrites(ctx),
    ...featureDependencies(ctx),
  };
}
