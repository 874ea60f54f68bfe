import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openStore } from '@forgedb/store';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createPrng,
  type Exit,
  jsonLines,
  removeTempDirs,
  type Running,
  runSeed,
  tempDir,
} from '@forgedb/test-utils';
import { ready, startWorker } from './helpers/processes.js';
import { assertQueueInvariants, features } from './helpers/invariants.js';
import { makeProject } from './helpers/legacy.js';

afterAll(removeTempDirs);

const AGENTS = 4;
const KILLS = 15;
const FEATURES = 1000;

interface Record {
  claimed?: number;
  passed?: number;
  lost?: number;
  generation: number;
  agent: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SIGKILL of agents in a claimNext + markPassing loop', () => {
  it(
    `claims each feature at most once per generation and passes it at most once, over ${KILLS} kills`,
    { timeout: 120_000 },
    async () => {
      const seed = runSeed();
      const random = createPrng(seed);
      const { project, file } = makeProject(tempDir());
      // A backlog with dependency chains, so agents contend for a handful of ready features.
      const store = await openStore({ file, backup: false });
      await store.features.createBulk(
        Array.from({ length: FEATURES }, (_, i) => ({
          category: 'chain',
          name: `feature ${i}`,
          description: 'claimed under fire',
          steps: ['claim', 'pass'],
          ...(i >= 8 ? { depends_on_indices: [i - 8] } : {}),
        })),
      );
      await store.close();

      // Short leases: a killed agent's claim expires and is taken over, with a new generation.
      const stopFile = path.join(project, 'stop');
      const start = (slot: number, life: number) =>
        startWorker('claim-loop.mjs', {
          file,
          agent: `slot${slot}-life${life}`,
          stopFile,
          leaseSeconds: 1,
          workMs: 40,
          seed: seed + slot * 1000 + life,
        });
      const slots: Running[] = [];
      const exits: Promise<Exit>[] = [];
      for (let s = 0; s < AGENTS; s++) slots.push(start(s, 0));
      await Promise.all(slots.map((r) => ready(r)));
      try {
        for (let k = 0; k < KILLS; k++) {
          await sleep(150 + Math.floor(random() * 300));
          const s = Math.floor(random() * AGENTS);
          slots[s]!.child.kill('SIGKILL');
          exits.push(slots[s]!.exit);
          slots[s] = start(s, k + 1);
          await ready(slots[s]);
        }
        // The survivors run on past the last lease expiry, so killed agents' claims get taken over.
        await sleep(1_500);
      } finally {
        // Whatever happened above, no agent may outlive the test.
        writeFileSync(stopFile, '');
      }
      exits.push(...slots.map((r) => r.exit));
      const done = await Promise.all(exits);
      const finishedNormally = done.filter((e) => e.signal === null);
      for (const e of finishedNormally) expect(e.code, e.stderr).toBe(0);
      expect(done.filter((e) => e.signal === 'SIGKILL')).toHaveLength(KILLS);
      expect(finishedNormally).toHaveLength(AGENTS);

      const records = done.flatMap((e) => jsonLines<Record>(e.stdout));
      const claims = records.filter((r) => r.claimed !== undefined);
      const passes = records.filter((r) => r.passed !== undefined);
      const context = `seed ${seed}: ${claims.length} claims, ${passes.length} passes, ${records.filter((r) => r.lost).length} lost leases`;

      const claimKeys = claims.map((c) => `${c.claimed}@${c.generation}`);
      expect(new Set(claimKeys).size, `${context}: a feature was claimed twice in one generation`).toBe(
        claimKeys.length,
      );
      const passedIds = passes.map((p) => p.passed);
      expect(new Set(passedIds).size, `${context}: a feature was passed twice`).toBe(passedIds.length);

      const rows = assertQueueInvariants(file);
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const p of passes) expect(byId.get(p.passed!)?.passes, context).toBe(1);
      for (const c of claims)
        expect(byId.get(c.claimed!)!.claim_generation, context).toBeGreaterThanOrEqual(c.generation);
      console.log(context);
      // Killed agents' expired claims were taken over (a second generation), and work got done despite the kills.
      expect(
        claims.some((c) => c.generation > 1),
        context,
      ).toBe(true);
      // Generations are now unique across the file, so the line above holds for any second claim;
      // a takeover shows as one feature claimed in two generations.
      const claimedIds = claims.map((c) => c.claimed);
      expect(new Set(claimedIds).size, `${context}: no expired claim was taken over`).toBeLessThan(
        claimedIds.length,
      );
      // Something got done despite the kills, and every pass in the file was made by a lease holder.
      expect(passes.length, context).toBeGreaterThan(0);
      expect(features(file).filter((r) => r.passes).length, context).toBeGreaterThanOrEqual(passes.length);
    },
  );
});
