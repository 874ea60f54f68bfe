import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { backupDatabase, listBackups, restoreBackup } from '@forgedb/migrate/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrng, jsonLines, removeTempDirs, runSeed, tempDir } from '@forgedb/test-utils';
import { killAfterReady, ready, startWorker } from './helpers/processes.js';
import { assertQueueInvariants, databaseDigest, integrity } from './helpers/invariants.js';
import { makeCurrentFile } from './helpers/legacy.js';

afterAll(removeTempDirs);

const epochOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT epoch FROM __forgedb_lease_state').pluck().get() as string;
  } finally {
    db.close();
  }
};

/**
 * A restore renews the lease epoch on purpose (no lease from before it may match again), so the
 * restored file equals the backup in everything else: digest a copy carrying the backup's epoch.
 */
function digestWithEpoch(file: string, epoch: string): string {
  const copy = `${file}.same-epoch`;
  copyFileSync(file, copy);
  const db = new Database(copy);
  db.prepare('UPDATE __forgedb_lease_state SET epoch = ?').run(epoch);
  db.close();
  return databaseDigest(copy);
}

const ROWS = 10_000;
const KILLS = 15;
const MIN_INSIDE = 3;
const MAX_KILLS = 40;

describe('SIGKILL during a restore', () => {
  it(
    `leaves the target with its old content or exactly the backup's, never a mix, over ${KILLS} kills`,
    { timeout: 180_000 },
    async () => {
      const seed = runSeed();
      const random = createPrng(seed);
      const root = tempDir();
      // The backup: a 10,000-feature backlog. The target: the same file after an agent's day of work.
      const good = makeCurrentFile(path.join(root, 'good', 'features.db'), ROWS);
      const backup = path.join(root, 'good', 'saved.db');
      const source = openDatabase({ file: good }, { readonly: true });
      backupDatabase(source, backup);
      source.close();
      const template = path.join(root, 'template', 'features.db');
      mkdirSync(path.dirname(template), { recursive: true });
      copyFileSync(backup, template);
      const edit = new Database(template);
      edit.exec(
        "UPDATE features SET passes = 1, name = name || ' (edited)' WHERE id % 3 = 0; DELETE FROM features WHERE id > 7500",
      );
      edit.close();
      const oldContent = databaseDigest(template);
      const newContent = databaseDigest(backup);
      expect(oldContent).not.toBe(newContent);

      const copy = (name: string) => {
        const file = path.join(root, name, 'features.db');
        mkdirSync(path.dirname(file), { recursive: true });
        copyFileSync(template, file);
        return file;
      };

      // An undisturbed run: how long a restore takes, and that it ends with the backup's content.
      const calibration = copy('calibration');
      const run = startWorker('restore.mjs', { from: backup, file: calibration });
      await ready(run);
      const started = Date.now();
      const done = await run.exit;
      const workMs = Date.now() - started;
      expect(done.code, done.stderr).toBe(0);
      const backupEpoch = epochOf(backup);
      expect(epochOf(calibration)).not.toBe(backupEpoch);
      expect(digestWithEpoch(calibration, backupEpoch)).toBe(newContent);

      const outcomes = { old: 0, restored: 0, killedBeforeDone: 0 };
      for (let i = 0; i < KILLS || (outcomes.killedBeforeDone < MIN_INSIDE && i < MAX_KILLS); i++) {
        const file = copy(`kill-${i}`);
        const exit = await killAfterReady(
          startWorker('restore.mjs', { from: backup, file }),
          Math.floor(random() * workMs * 1.5),
        );
        const finished = jsonLines<{ done?: boolean }>(exit.stdout).some((l) => l.done);
        if (!finished) outcomes.killedBeforeDone++;
        const context = `seed ${seed}, kill ${i}, signal ${exit.signal}, finished ${finished}`;

        expect(integrity(file), context).toBe('ok');
        const content = databaseDigest(file);
        if (content === oldContent) outcomes.old++;
        else {
          outcomes.restored++;
          expect(epochOf(file), context).not.toBe(backupEpoch);
          expect(digestWithEpoch(file, backupEpoch), context).toBe(newContent);
        }
        // A saved previous content that made it to its final name is complete: it is the old content.
        // A restore that committed had saved it first, so then there is exactly one.
        const previous = listBackups(file);
        if (content !== oldContent) expect(previous, context).toHaveLength(1);
        for (const p of previous) expect(databaseDigest(p), context).toBe(oldContent);

        await restoreBackup(backup, file);
        expect(digestWithEpoch(file, backupEpoch), context).toBe(newContent);
        assertQueueInvariants(file);
      }
      console.log(`${JSON.stringify(outcomes)} seed ${seed} work ${workMs} ms`);
      expect(outcomes.killedBeforeDone, `seed ${seed}: ${JSON.stringify(outcomes)}`).toBeGreaterThanOrEqual(
        MIN_INSIDE,
      );
    },
  );
});
