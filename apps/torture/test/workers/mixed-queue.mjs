import process from 'node:process';
import { BusyError, ForgeDbError } from '@forgedb/db-core';
import { openStore } from '@forgedb/store';

/**
 * Mixed queue traffic for `durationMs`: claims ending in pass, fail or release, creates, skips,
 * reads. Prints its own tally; any error other than an expected refusal ends the process with it.
 */
/** @type {{ file: string, agent: string, durationMs: number, seed: number }} */
const args = JSON.parse(process.argv[2] ?? '{}');
const { file, agent, durationMs, seed } = args;
const store = await openStore({ file, backup: false });
let state = seed >>> 0;
const random = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 4294967296;
};
const tally = {
  passed: 0,
  failed: 0,
  released: 0,
  skipped: 0,
  created: 0,
  reads: 0,
  refused: 0,
  busy: 0,
  idle: 0,
};
process.stdout.write('ready\n');
const stopAt = Date.now() + durationMs;
while (Date.now() < stopAt) {
  const roll = random();
  try {
    if (roll < 0.55) {
      const claimed = await store.features.claimNext({ agent, leaseSeconds: 60 });
      if (!claimed) {
        tally.idle++;
        continue;
      }
      const { feature, lease } = claimed;
      const end = random();
      if (end < 0.6) {
        await store.features.markPassing(feature.id, { lease });
        tally.passed++;
      } else if (end < 0.75) {
        await store.features.markFailing(feature.id, { lease });
        tally.failed++;
      } else if (end < 0.9) {
        await store.features.release(lease);
        tally.released++;
      } else {
        await store.features.skip(feature.id, { lease });
        tally.skipped++;
      }
    } else if (roll < 0.7) {
      const n = 1 + Math.floor(random() * 5);
      const result = await store.features.createBulk(
        Array.from({ length: n }, (_, i) => ({
          category: 'mixed',
          name: `${agent} created ${tally.created + i}`,
          description: 'created under load',
          steps: ['one'],
          ...(i > 0 ? { depends_on_indices: [i - 1] } : {}),
        })),
      );
      tally.created += result.created;
    } else if (roll < 0.85) {
      await store.features.ready({ limit: 10 });
      tally.reads++;
    } else {
      await store.features.stats();
      tally.reads++;
    }
  } catch (error) {
    if (error instanceof BusyError) {
      tally.busy++;
      process.stderr.write(`${agent}: ${error.message}\n`);
    } else if (error instanceof ForgeDbError) {
      tally.refused++;
      process.stderr.write(`${agent}: refused: ${error.message}\n`);
    } else {
      throw error;
    }
  }
}
await store.close();
process.stdout.write(`${JSON.stringify(tally)}\n`);
