import type { FeaturesApi } from '../api.js';
import { adapterOf } from '../features/features-service.js';
import type { QueueDiagnostics } from '../features/queue-snapshot.js';
import type { SqliteFeaturesAdapter } from './features-adapter.js';

export type { QueueDiagnostics } from '../features/queue-snapshot.js';

/**
 * How a SQLite store's queue snapshot kept up so far (full re-reads, incremental refreshes, graph
 * rebuilds), for tests and the bench; undefined for a features API that has no such snapshot.
 * Internal: the counters' meaning may change with the implementation.
 */
export function queueDiagnostics(features: FeaturesApi): QueueDiagnostics | undefined {
  const adapter = adapterOf(features) as Partial<SqliteFeaturesAdapter> | undefined;
  return adapter?.queueDiagnostics?.();
}
