import type { FeaturesAdapter } from '../adapter.js';
import { featureClaims } from './feature-claims.js';
import { featureQueries } from './feature-queries.js';
import { featureReads } from './feature-reads.js';
import { featureWrites } from './feature-writes.js';
import type { PgContext } from './pg-context.js';

/**
 * The work queue on PostgreSQL, every row scoped by the store's project: each write one
 * transaction (READ COMMITTED with row locks; the ready order is the application's, per graph
 * version), each multi-statement read one REPEATABLE READ snapshot.
 */
export function createPgFeaturesAdapter(ctx: PgContext): FeaturesAdapter {
  const q = featureQueries(ctx);
  return { ...featureReads(q), ...featureWrites(q), ...featureClaims(q) };
}
