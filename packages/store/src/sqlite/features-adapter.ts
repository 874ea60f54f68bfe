import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { FeaturesAdapter } from '../adapter.js';
import type { Clock } from '../clock.js';
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
export function createSqliteFeaturesAdapter(db: SqliteDatabase, clock: Clock): FeaturesAdapter {
  const ctx = createFeatureContext(db, clock);
  return {
    ...featureReads(ctx),
    ...featureCreate(ctx),
    ...featureClaims(ctx),
    ...featureGuardedWrites(ctx),
    ...featureDependencies(ctx),
  };
}
