import { createPrng, randomInt } from '@forgedb/test-utils';
import { openStore } from '../../src/open-store.js';
import { drain, waitUntil } from './drain.js';

/**
 * One agent process. Modes:
 * - drain: claimNext + markPassing until every feature passes; prints the ids it finished.
 * - skip N SEED: skips N features picked by a PRNG seeded with SEED; prints the priority each skip gave.
 * - bulk N SIZE: creates N batches of SIZE features; prints each batch's priorities.
 * Waits for a common start time so that the processes really overlap.
 */
const [mode, file, startAt, ...rest] = process.argv.slice(2);
const store = await openStore({ file: file! });
await waitUntil(Number(startAt));
const agent = `agent-${process.pid}`;

if (mode === 'drain') {
  process.stdout.write(JSON.stringify(await drain(store, agent)));
} else if (mode === 'skip') {
  const total = (await store.features.stats()).total;
  const next = createPrng(Number(rest[1]));
  const given: number[] = [];
  for (let i = 0; i < Number(rest[0]); i++) {
    given.push((await store.features.skip(randomInt(next, 1, total))).priority);
  }
  process.stdout.write(JSON.stringify(given));
} else if (mode === 'bulk') {
  const [batches, size] = rest.map(Number) as [number, number];
  const priorities: number[][] = [];
  for (let b = 0; b < batches; b++) {
    const items = Array.from({ length: size }, (_, i) => ({
      category: agent,
      name: `${agent} batch ${b} item ${i}`,
      description: 'bulk',
      steps: ['s'],
      ...(i > 0 ? { depends_on_indices: [i - 1] } : {}),
    }));
    const { features } = await store.features.createBulk(items);
    priorities.push(features.map((f) => f.priority));
  }
  process.stdout.write(JSON.stringify(priorities));
}
await store.close();
