import { openStore, type ClaimResult, type FeatureStats, type ReadyResult } from '@forgedb/store';

export interface QueueStepResult {
  readyBefore: ReadyResult;
  claimed: ClaimResult | null;
  stats: FeatureStats;
}

/**
 * What an agent does with the upgraded project: read the ready queue (in the Python app's
 * scheduling order), claim the best feature with a lease, and mark it passing under that lease.
 */
export async function workTheQueue(projectDir: string, agent: string): Promise<QueueStepResult> {
  const store = await openStore({ projectDir, mustExist: true });
  try {
    const readyBefore = await store.features.ready({ limit: 3 });
    const claimed = await store.features.claimNext({ agent });
    if (claimed) await store.features.markPassing(claimed.feature.id, { lease: claimed.lease });
    return { readyBefore, claimed, stats: await store.features.stats() };
  } finally {
    await store.close();
  }
}
