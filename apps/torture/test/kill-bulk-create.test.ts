import { afterAll, describe, expect, it } from 'vitest';
import { createPrng, jsonLines, removeTempDirs, runSeed, tempDir } from '@forgedb/test-utils';
import { killAfterReady, startWorker } from './helpers/processes.js';
import { assertQueueInvariants, count } from './helpers/invariants.js';
import { makeProject } from './helpers/legacy.js';

afterAll(removeTempDirs);

const BATCH = 200;
const KILLS = 15;

describe('SIGKILL during createBulk', () => {
  it(
    `never shows part of a ${BATCH}-feature batch, over ${KILLS} kills of writers on one file`,
    { timeout: 120_000 },
    async () => {
      const seed = runSeed();
      const random = createPrng(seed);
      const { file } = makeProject(tempDir());
      let committed = 0;
      let killedMidRun = 0;
      for (let run = 0; run < KILLS; run++) {
        const before = count(file);
        const exit = await killAfterReady(
          startWorker('bulk-create.mjs', { file, batch: BATCH, run }),
          Math.floor(random() * 400),
        );
        const context = `seed ${seed}, run ${run}, signal ${exit.signal}: ${exit.stderr}`;
        expect(exit.signal, context).toBe('SIGKILL');
        const batches = jsonLines<{ committed: number }>(exit.stdout).at(-1)?.committed ?? 0;
        committed += batches;
        if (batches > 0) killedMidRun++;

        const rows = assertQueueInvariants(file);
        const after = rows.length;
        // Whole batches only; every batch the writer saw commit is there (a kill may beat the log line by one).
        expect(after % BATCH, context).toBe(0);
        expect(after - before, context).toBeGreaterThanOrEqual(batches * BATCH);
        expect(after - before, context).toBeLessThanOrEqual((batches + 1) * BATCH);

        // Within each batch every item but the first depends on the one before it: no dangling ids.
        const ids = new Set(rows.map((r) => r.id));
        for (const r of rows) {
          const deps = r.dependencies === null ? [] : (JSON.parse(r.dependencies) as number[]);
          for (const d of deps)
            expect(ids.has(d), `${context}: feature ${r.id} depends on missing ${d}`).toBe(true);
        }
      }
      expect(count(file)).toBeGreaterThanOrEqual(committed * BATCH);
      expect(killedMidRun, `seed ${seed}`).toBeGreaterThan(0);
    },
  );
});
