import { cpSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { importFeatureList } from '@forgedb/store/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrng, jsonLines, removeTempDirs, runSeed, sha256, tempDir } from '@forgedb/test-utils';
import { killAfterReady, ready, startWorker } from './helpers/processes.js';
import { writeFeatureList } from './helpers/feature-list.js';
import { assertQueueInvariants, count, tableDigest } from './helpers/invariants.js';
import { makeProject } from './helpers/legacy.js';

afterAll(removeTempDirs);

const N = 5_000;
const KILLS = 15;
const MIN_INSIDE = 3;
const MAX_KILLS = 40;

function importInProcess(project: string, file: string): void {
  const db = openDatabase({ file });
  try {
    importFeatureList(db, project);
  } finally {
    db.close();
  }
}

describe('SIGKILL during a feature_list.json import', () => {
  it(
    `leaves either none or all ${N} features, never part of them, over ${KILLS} kills`,
    { timeout: 120_000 },
    async () => {
      const seed = runSeed();
      const random = createPrng(seed);
      const root = tempDir();
      const template = makeProject(root, 'template');
      const listFile = path.join(template.project, 'feature_list.json');
      writeFeatureList(listFile, N);
      const listSha = sha256(listFile);

      // An undisturbed run: the rows every surviving import must equal, and how long the work takes.
      const calibration = path.join(root, 'calibration');
      cpSync(template.project, calibration, { recursive: true });
      const calibrationFile = path.join(calibration, '.autoforge', 'features.db');
      const run = startWorker('import.mjs', { project: calibration, file: calibrationFile });
      await ready(run);
      const started = Date.now();
      const done = await run.exit;
      const workMs = Date.now() - started;
      expect(done.code, done.stderr).toBe(0);
      expect(count(calibrationFile)).toBe(N);
      const expected = tableDigest(calibrationFile, 'features');

      const outcomes = { none: 0, all: 0, killedMidImport: 0 };
      // At least KILLS kills, and more (up to MAX_KILLS) until MIN_INSIDE of them landed inside the work.
      for (let i = 0; i < KILLS || (outcomes.killedMidImport < MIN_INSIDE && i < MAX_KILLS); i++) {
        const project = path.join(root, `kill-${i}`);
        cpSync(template.project, project, { recursive: true });
        const file = path.join(project, '.autoforge', 'features.db');
        const exit = await killAfterReady(
          startWorker('import.mjs', { project, file }),
          Math.floor(random() * workMs * 1.1),
        );
        const lines = jsonLines<{ imported?: number; done?: number }>(exit.stdout);
        if (lines.some((l) => l.imported !== undefined) && !lines.some((l) => l.done !== undefined))
          outcomes.killedMidImport++;
        const context = `seed ${seed}, kill ${i}, signal ${exit.signal}, progress ${lines.length}`;

        assertQueueInvariants(file);
        const rows = count(file);
        expect([0, N], context).toContain(rows);
        if (rows === 0) {
          outcomes.none++;
          // Rolled back: the list is still there, byte for byte, and no backup of it was made.
          expect(sha256(path.join(project, 'feature_list.json')), context).toBe(listSha);
          expect(
            readdirSync(project).filter((n) => n.includes('.backup.')),
            context,
          ).toEqual([]);
        } else {
          outcomes.all++;
          expect(tableDigest(file, 'features'), context).toBe(expected);
        }

        // Starting again finishes the job (or sees it was finished) with exactly the undisturbed rows.
        importInProcess(project, file);
        expect(tableDigest(file, 'features'), context).toBe(expected);
        if (rows === 0) {
          // The killed import left nothing, so the restart did the whole job, the rename included.
          expect(existsSync(path.join(project, 'feature_list.json')), context).toBe(false);
          expect(
            readdirSync(project).filter((n) => n.includes('.backup.')),
            context,
          ).toHaveLength(1);
        }
      }
      // The kills must have landed inside the import's transaction, not only before or after it.
      console.log(`${JSON.stringify(outcomes)} seed ${seed} work ${workMs} ms`);
      expect(outcomes.killedMidImport, `seed ${seed}: ${JSON.stringify(outcomes)}`).toBeGreaterThanOrEqual(
        MIN_INSIDE,
      );
    },
  );
});
