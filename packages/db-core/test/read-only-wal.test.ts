import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/sqlite/index.js';
import {
  makeReadOnly,
  removeTempDirs,
  sha256,
  tempDir,
  workerScripts,
  type Running,
} from '@forgedb/test-utils';

const scripts = workerScripts(path.resolve(import.meta.dirname, 'workers'), { tsx: true, stdin: true });

let dir: string;
let file: string;
const workers: Running[] = [];

beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, 'features.db');
  const db = openDatabase({ file }, { journalMode: 'WAL' });
  db.exec(
    'CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 7)',
  );
  db.close();
});
afterEach(() => {
  for (const w of workers.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  removeTempDirs();
});

const start = (name: string, args: string[]) => {
  const w = scripts.start(name, args);
  workers.push(w);
  return w;
};
const walFiles = () => ({ wal: existsSync(`${file}-wal`), shm: existsSync(`${file}-shm`) });
const counter = () => {
  const db = openDatabase({ file }, { readonly: true });
  try {
    return db.prepare('SELECT n FROM counter WHERE id = 1').pluck().get();
  } finally {
    db.close();
  }
};

describe('a read-only open of a WAL database', () => {
  it('leaves no -wal or -shm behind once its process has read and closed, and the file unchanged', async () => {
    expect(walFiles()).toEqual({ wal: false, shm: false });
    const before = sha256(file);
    const reader = start('read-only-reader.ts', [file]);
    expect(await reader.nextJson()).toEqual({ n: 7, wal: false, shm: false });
    expect((await reader.exit).code).toBe(0);
    expect(walFiles()).toEqual({ wal: false, shm: false });
    expect(sha256(file)).toBe(before);
  });

  it('leaves the WAL of a process that writes at the same time to it, which keeps writing safely', async () => {
    const writer = start('steady-writer.ts', [file]);
    expect(await writer.nextJson()).toEqual({ writing: true });
    let last = 7;
    for (let i = 0; i < 3; i++) {
      const reader = start('read-only-reader.ts', [file]);
      const seen = await reader.nextJson<{ n: number; wal: boolean; shm: boolean }>();
      expect((await reader.exit).code).toBe(0);
      // The writer still has the database open: its WAL and -shm stay for it.
      expect(seen).toMatchObject({ wal: true, shm: true });
      expect(seen.n).toBeGreaterThan(last);
      last = seen.n;
    }
    writer.send('stop');
    const { writes } = await writer.nextJson<{ writes: number }>();
    expect((await writer.exit).code).toBe(0);
    expect(counter()).toBe(7 + writes);
    expect(walFiles()).toEqual({ wal: false, shm: false });
  });

  it('in one process, removes them only when the last of its read-only connections closes', () => {
    const a = openDatabase({ file }, { readonly: true });
    const b = openDatabase({ file }, { readonly: true });
    expect(a.prepare('SELECT n FROM counter').pluck().get()).toBe(7);
    expect(b.prepare('SELECT n FROM counter').pluck().get()).toBe(7);
    a.close();
    expect(walFiles()).toEqual({ wal: true, shm: true });
    expect(b.prepare('SELECT n FROM counter').pluck().get()).toBe(7);
    b.close();
    expect(walFiles()).toEqual({ wal: false, shm: false });
  });

  it('leaves -wal and -shm that were there before it opened as it found them', () => {
    // A plain read-only connection (as forgedb's were before) leaves both behind.
    const plain = new Database(file, { readonly: true });
    plain.prepare('SELECT n FROM counter').get();
    plain.close();
    expect(walFiles()).toEqual({ wal: true, shm: true });
    const wal = readFileSync(`${file}-wal`);
    const db = openDatabase({ file }, { readonly: true });
    expect(db.prepare('SELECT n FROM counter').pluck().get()).toBe(7);
    db.close();
    expect(walFiles()).toEqual({ wal: true, shm: true });
    expect(readFileSync(`${file}-wal`)).toEqual(wal);
  });

  it('reads a database file it may not write, leaving the -wal and -shm SQLite needed (documented)', () => {
    const copy = path.join(tempDir(), 'features.db');
    copyFileSync(file, copy);
    if (!makeReadOnly(copy)) return; // root without CAP_LINUX_IMMUTABLE: nothing makes the file unwritable
    const db = openDatabase({ file: copy }, { readonly: true });
    expect(db.prepare('SELECT n FROM counter').pluck().get()).toBe(7);
    db.close();
    // Only a connection that may write can checkpoint and remove them; they are harmless and the
    // next writer's last close removes them.
    expect([existsSync(`${copy}-wal`), existsSync(`${copy}-shm`)]).toEqual([true, true]);
  });
});
