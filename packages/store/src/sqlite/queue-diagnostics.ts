import type { FeaturesApi } from '../api.js';
import type { QueueDiagnostics } from '../features/queue-snapshot.js';

export type { QueueDiagnostics } from '../features/queue-snapshot.js';

const registry = new WeakMap<FeaturesApi, () => QueueDiagnostics>();

export function registerQueueDiagnostics(features: FeaturesApi, read: () => QueueDiagnostics): void {
  registry.set(features, read);
}

/**
 * How a SQLite store's queue snapshot kept up so far (full re-reads, incremental refreshes, graph
 * rebuilds), for tests and the bench; undefined for a features API that has no such snapshot.
 * Internal: the counters' meaning may change with the implementation.
 */
export function queueDiagnostics(features: FeaturesApi): QueueDiagnostics | undefined {
  return registry.get(features)?.();
}
