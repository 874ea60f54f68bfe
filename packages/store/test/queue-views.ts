import type { Store } from '../src/api.js';

/** Everything the queue decides, as the API returns it: what randomized tests compare after each step. */
export async function queueViews(store: Store, limits: { ready: number; blocked: number }) {
  const ready = await store.features.ready({ limit: limits.ready });
  const blocked = await store.features.blocked({ limit: limits.blocked });
  const graph = await store.features.graph();
  return {
    ready: ready.features.map((f) => f.id),
    totalReady: ready.total_ready,
    blocked: blocked.features.map((f) => [f.id, f.blocked_by]),
    totalBlocked: blocked.total_blocked,
    nodes: graph.nodes.map((n) => [n.id, n.priority, n.status, n.dependencies]),
  };
}
