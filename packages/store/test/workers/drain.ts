import type { Store } from '../../src/api.js';

/** Sleeps until `startAt` (epoch ms), so that the test's processes really overlap. */
export async function waitUntil(startAt: number): Promise<void> {
  const wait = startAt - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

/** claimNext + markPassing as `agent` until every feature passes; gives the ids this process finished. */
export async function drain(store: Store, agent: string): Promise<number[]> {
  const done: number[] = [];
  for (;;) {
    const next = await store.features.claimNext({ agent, leaseSeconds: 600 });
    if (next) {
      await store.features.markPassing(next.feature.id, { lease: next.lease });
      done.push(next.feature.id);
      continue;
    }
    const stats = await store.features.stats();
    if (stats.passing === stats.total) return done;
    // Others hold the features that unblock the rest; look again shortly.
    await new Promise((r) => setTimeout(r, 5));
  }
}
