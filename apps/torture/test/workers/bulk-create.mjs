import process from 'node:process';
import { openStore } from '@forgedb/store';

// Adds batches of `batch` features (each depending on the previous item of its batch) until SIGKILLed.
/** @type {{ file: string, batch: number, run: number }} */
const args = JSON.parse(process.argv[2] ?? '{}');
const { file, batch, run } = args;
const store = await openStore({ file, backup: false });
process.stdout.write('ready\n');
for (let n = 0; ; n++) {
  const items = Array.from({ length: batch }, (_, i) => ({
    category: `run${run}`,
    name: `run ${run} batch ${n} item ${i}`,
    description: `Created by a process that is about to be killed (${i + 1} of ${batch}).`,
    steps: ['create', 'kill', 'check'],
    ...(i > 0 ? { depends_on_indices: [i - 1] } : {}),
  }));
  const result = await store.features.createBulk(items);
  process.stdout.write(`${JSON.stringify({ committed: n + 1, created: result.created })}\n`);
}
