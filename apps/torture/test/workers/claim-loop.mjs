import { existsSync } from 'node:fs';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { LeaseLostError, openStore } from '@forgedb/store';
import { createPrng } from '@forgedb/test-utils';

// One agent: claimNext then markPassing with its lease until `stopFile` appears, logging each step.
/** @type {{ file: string, agent: string, stopFile: string, leaseSeconds: number, workMs: number, seed: number }} */
const args = JSON.parse(process.argv[2] ?? '{}');
const { file, agent, stopFile, leaseSeconds, workMs, seed } = args;
// Seeded by the test, so a failing run's work times repeat with its seed.
const random = createPrng(seed);
const store = await openStore({ file, backup: false });
/** @param {Record<string, unknown>} record */
const log = (record) => process.stdout.write(`${JSON.stringify(record)}\n`);
process.stdout.write('ready\n');
while (!existsSync(stopFile)) {
  const claimed = await store.features.claimNext({ agent, leaseSeconds });
  if (!claimed) {
    await sleep(5);
    continue;
  }
  const { feature, lease } = claimed;
  log({ claimed: feature.id, generation: lease.generation, agent });
  // The agent works on the feature for a while: kills land between claim and pass too.
  await sleep(workMs / 2 + random() * workMs);
  try {
    await store.features.markPassing(feature.id, { lease });
    log({ passed: feature.id, generation: lease.generation, agent });
  } catch (error) {
    // Another agent took the feature over after this lease expired: the write is refused, as it must be.
    if (!(error instanceof LeaseLostError)) throw error;
    log({ lost: feature.id, generation: lease.generation, agent });
  }
}
await store.close();
log({ finished: agent });
