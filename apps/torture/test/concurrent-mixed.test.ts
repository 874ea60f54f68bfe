import { openStore } from '@forgedb/store';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonLines, removeTempDirs, runSeed, tempDir } from '@forgedb/test-utils';
import { startWorker } from './helpers/processes.js';
import { assertQueueInvariants } from './helpers/invariants.js';
import { makeProject } from './helpers/legacy.js';

afterAll(removeTempDirs);

const PROCESSES = 6;
const INITIAL = 300;

interface Tally {
  passed: number;
  failed: number;
  released: number;
  skipped: number;
  created: number;
  reads: number;
  refused: number;
  busy: number;
  idle: number;
}

describe('several processes doing mixed queue operations for a fixed time', () => {
  it(
    `${PROCESSES} processes: no busy error reaches a caller, no update is lost, the counts add up`,
    { timeout: 60_000 },
    async () => {
      const seed = runSeed();
      const { file } = makeProject(tempDir());
      const store = await openStore({ file, backup: false });
      await store.features.createBulk(
        Array.from({ length: INITIAL }, (_, i) => ({
          category: 'mixed',
          name: `initial ${i}`,
          description: 'work',
          steps: ['do'],
          ...(i >= 20 ? { depends_on_indices: [i - 20] } : {}),
        })),
      );
      const before = await store.features.stats();

      const runs = Array.from({ length: PROCESSES }, (_, i) =>
        startWorker('mixed-queue.mjs', { file, agent: `agent-${i}`, durationMs: 4_000, seed: seed + i }),
      );
      const exits = await Promise.all(runs.map((r) => r.exit));
      const tallies: Tally[] = [];
      for (const e of exits) {
        expect(e.code, e.stderr).toBe(0);
        tallies.push(jsonLines<Tally>(e.stdout).at(-1)!);
      }
      const sum = (k: keyof Tally) => tallies.reduce((s, t) => s + t[k], 0);
      const context = `seed ${seed}: ${JSON.stringify(tallies)}`;

      expect(sum('busy'), context).toBe(0);
      expect(sum('refused'), context).toBe(0);
      const after = await store.features.stats();
      await store.close();
      expect(after.total, context).toBe(before.total + sum('created'));
      // Claimed features are never passing, so each pass adds one and a fail, release or skip none.
      expect(after.passing, context).toBe(before.passing + sum('passed'));
      expect(after.in_progress, context).toBe(0);
      expect(sum('passed') + sum('failed') + sum('released') + sum('skipped'), context).toBeGreaterThan(0);
      assertQueueInvariants(file);
    },
  );
});
