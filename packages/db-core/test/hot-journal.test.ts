import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HotJournalError, openDatabase } from '../src/sqlite/index.js';
import { makeReadOnly, removeTempDirs, tempDir, workerScripts } from '@forgedb/test-utils';

/** Workers in TypeScript over this package's sources, talking JSON lines over stdin/stdout. */
const scripts = workerScripts(path.resolve(import.meta.dirname, 'workers'), { tsx: true, stdin: true });

afterEach(removeTempDirs);

const ROWS = 3000;

/** The rows of t as one digest: "the committed content", whatever the pages look like. */
function rowsDigest(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const h = createHash('sha256');
    for (const row of db.prepare('SELECT id, v FROM t ORDER BY id').raw().iterate())
      h.update(JSON.stringify(row));
    return h.digest('hex');
  } finally {
    db.close();
  }
}

/** A rollback-journal database whose writer was SIGKILLed mid-transaction: a real hot journal. */
async function crashedFile(dir: string): Promise<{ file: string; committed: string }> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'features.db');
  const db = new Database(file);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) insert.run(`row ${i} ${'x'.repeat(100)}`);
  })();
  db.close();
  const committed = rowsDigest(file);
  const worker = scripts.start('crash-mid-write.ts', [file]);
  expect(await worker.nextJson()).toEqual({ inTransaction: true });
  worker.child.kill('SIGKILL');
  await worker.exit;
  expect(readFileSync(`${file}-journal`).length).toBeGreaterThan(0);
  return { file, committed };
}

describe('a hot rollback journal left by a killed writer', () => {
  it('a read-only open rolls it back first, so the committed content is what it reads', async () => {
    const { file, committed } = await crashedFile(path.join(tempDir(), 'p'));
    // What SQLite itself does for a read-only connection: it cannot roll back, so it refuses.
    const raw = new Database(file, { readonly: true });
    expect(() => raw.prepare('SELECT count(*) FROM t').get()).toThrow(
      expect.objectContaining({ code: 'SQLITE_READONLY_ROLLBACK' }),
    );
    raw.close();

    const db = openDatabase({ file }, { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) FROM t WHERE v LIKE 'uncommitted%'").pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(ROWS);
    } finally {
      db.close();
    }
    expect(existsSync(`${file}-journal`)).toBe(false);
    expect(rowsDigest(file)).toBe(committed);
  });

  it('when it cannot be rolled back, says what is there and what to do, never "read-only", and changes nothing', async () => {
    const dir = path.join(tempDir(), 'locked');
    const { file } = await crashedFile(dir);
    const before = [readFileSync(file), readFileSync(`${file}-journal`)];
    expect(makeReadOnly(dir, 0o555)).toBe(true);

    let error: unknown;
    try {
      openDatabase({ file }, { readonly: true }).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HotJournalError);
    expect(error).toMatchObject({ code: 'HOT_JOURNAL', file });
    const message = (error as Error).message;
    expect(message).toContain(`${file}-journal`);
    expect(message).toMatch(/Do not delete/);
    expect(message).toContain(dir);
    expect(message).not.toMatch(/is read-only/);
    expect(readFileSync(file).equals(before[0]!)).toBe(true);
    expect(readFileSync(`${file}-journal`).equals(before[1]!)).toBe(true);
  });
});
