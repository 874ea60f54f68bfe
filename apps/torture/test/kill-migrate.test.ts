import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrng, jsonLines, removeTempDirs, runSeed, tempDir } from '@forgedb/test-utils';
import { killAfterReady, ready, startWorker } from './helpers/processes.js';
import { assertQueueInvariants, integrity, schemaOf, tableDigest } from './helpers/invariants.js';
import { makeOldestFile } from './helpers/legacy.js';

afterAll(removeTempDirs);

const ROWS = 20_000;
const KILLS = 15;
const MIN_INSIDE = 3;
const MAX_KILLS = 40;

function upgradeInProcess(file: string): void {
  const db = openDatabase({ file });
  try {
    upgradeDatabase(db, 'features', { backup: false });
  } finally {
    db.close();
  }
}

describe('SIGKILL during an upgrade of a legacy file', () => {
  it(
    `leaves the file either in its old shape with its old rows or fully upgraded, over ${KILLS} kills`,
    { timeout: 120_000 },
    async () => {
      const seed = runSeed();
      const random = createPrng(seed);
      const root = tempDir();
      const template = makeOldestFile(path.join(root, 'template', 'features.db'), ROWS);
      const oldSchema = schemaOf(template);
      const oldRows = tableDigest(template, 'features');

      const copy = (name: string) => {
        const file = path.join(root, name, 'features.db');
        mkdirSync(path.dirname(file), { recursive: true });
        copyFileSync(template, file);
        return file;
      };

      // An undisturbed run: the shape and rows every finished upgrade must equal, and its duration.
      const calibration = copy('calibration');
      const run = startWorker('migrate.mjs', { file: calibration });
      await ready(run);
      const started = Date.now();
      const done = await run.exit;
      const workMs = Date.now() - started;
      expect(done.code, done.stderr).toBe(0);
      const newSchema = schemaOf(calibration);
      const newRows = tableDigest(calibration, 'features');
      expect(newSchema).not.toBe(oldSchema);

      const outcomes = { old: 0, upgraded: 0, killedMidUpgrade: 0 };
      // At least KILLS kills, and more (up to MAX_KILLS) until MIN_INSIDE of them landed inside the work.
      for (let i = 0; i < KILLS || (outcomes.killedMidUpgrade < MIN_INSIDE && i < MAX_KILLS); i++) {
        const file = copy(`kill-${i}`);
        const exit = await killAfterReady(
          startWorker('migrate.mjs', { file }),
          Math.floor(random() * workMs * 1.1),
        );
        const lines = jsonLines<{ progress?: { phase: string }; done?: boolean }>(exit.stdout);
        if (
          lines.some((l) => l.progress?.phase !== 'backup' && l.progress) &&
          !lines.some((l) => l.done !== undefined)
        ) {
          outcomes.killedMidUpgrade++;
        }
        const context = `seed ${seed}, kill ${i}, signal ${exit.signal}, progress ${JSON.stringify(lines.at(-1))}`;

        // Checked first: integrity() would create an empty file in its place.
        expect(existsSync(file), `${context}: features.db is gone`).toBe(true);
        expect(integrity(file), context).toBe('ok');
        const schema = schemaOf(file);
        if (schema === oldSchema) {
          outcomes.old++;
          expect(tableDigest(file, 'features'), context).toBe(oldRows);
        } else {
          outcomes.upgraded++;
          expect(schema, context).toBe(newSchema);
          expect(tableDigest(file, 'features'), context).toBe(newRows);
        }
        // A half-written backup (killed during the copy) may remain beside the database, named as a
        // backup or its temporary file; nothing else may appear.
        expect(
          readdirSync(path.dirname(file)).filter(
            (n) => !/^features\.db(?:-wal|-shm|-journal|\.backup-.+)?$/.test(n),
          ),
          context,
        ).toEqual([]);

        upgradeInProcess(file);
        expect(schemaOf(file), context).toBe(newSchema);
        expect(tableDigest(file, 'features'), context).toBe(newRows);
        assertQueueInvariants(file);
      }
      console.log(`${JSON.stringify(outcomes)} seed ${seed} work ${workMs} ms`);
      expect(outcomes.killedMidUpgrade, `seed ${seed}: ${JSON.stringify(outcomes)}`).toBeGreaterThanOrEqual(
        MIN_INSIDE,
      );
    },
  );
});
