import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { makeOldestFile, tempDir } from './legacy.js';
import { runWorker, startWorker } from './spawn.js';

const ROWS = 100_000;

function state(file: string) {
  const db = new Database(file);
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const columns = (db.prepare('PRAGMA table_info(features)').all() as { name: string }[]).map(
      (c) => c.name,
    );
    const count = db.prepare('SELECT count(*) FROM features').pluck().get();
    const history = db
      .prepare("SELECT count(*) FROM sqlite_master WHERE name = '__forgedb_migrations'")
      .pluck()
      .get();
    return { integrity, columns, count, upgraded: history === 1 };
  } finally {
    db.close();
  }
}

it('SIGKILL at random points of an upgrade leaves the old or the new schema with all rows, and a re-run completes', async () => {
  const dir = tempDir();
  const template = path.join(dir, 'template.db');
  makeOldestFile(template, ROWS);
  const oldColumns = state(template).columns;
  const outcomes = { old: 0, new: 0 };

  for (let i = 0; i < 8; i++) {
    const file = path.join(dir, `run-${i}.db`);
    copyFileSync(template, file);
    const child = startWorker('upgrade-worker.ts', [file]);
    // tsx start-up takes a few hundred ms; spread the kills across start-up and the upgrade itself.
    const delay = 300 + Math.floor(Math.random() * 900);
    await new Promise((r) => setTimeout(r, delay));
    // A worker that finished before the kill has already emitted 'exit': waiting for it would hang.
    const exited =
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;

    const after = state(file);
    expect(after.integrity).toBe('ok');
    expect(after.count).toBe(ROWS);
    if (after.upgraded) {
      expect(after.columns).toEqual(
        expect.arrayContaining([...oldColumns, 'in_progress', 'claim_generation']),
      );
      outcomes.new++;
    } else {
      expect(after.columns).toEqual(oldColumns);
      outcomes.old++;
    }
    const rerun = await runWorker('upgrade-worker.ts', [file]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const final = state(file);
    expect(final).toMatchObject({ integrity: 'ok', count: ROWS, upgraded: true });
  }
  expect(outcomes.old + outcomes.new).toBe(8);
});
