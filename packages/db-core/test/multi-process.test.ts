import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/sqlite/index.js';
import { removeTempDirs, tempDir, workerScripts, type Running } from '@forgedb/test-utils';

/** Workers in TypeScript over this package's sources, talking JSON lines over stdin/stdout. */
const scripts = workerScripts(path.resolve(import.meta.dirname, 'workers'), { tsx: true, stdin: true });

let file: string;
const workers: Running[] = [];

beforeEach(() => {
  file = path.join(tempDir(), 'features.db');
  const db = openDatabase({ file }, { journalMode: 'WAL' });
  db.exec(
    'CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0)',
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

const counter = () => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT n FROM counter WHERE id = 1').pluck().get();
  } finally {
    db.close();
  }
};

describe('concurrent writers in separate processes', () => {
  it('two processes doing 500 read-increment-write transactions each end at exactly 1000', async () => {
    const a = start('counter.ts', [file, '500']);
    const b = start('counter.ts', [file, '500']);
    expect(await a.nextJson()).toEqual({ ready: true });
    expect(await b.nextJson()).toEqual({ ready: true });
    a.send('go');
    b.send('go');
    expect(await a.nextJson()).toEqual({ done: true });
    expect(await b.nextJson()).toEqual({ done: true });
    expect((await a.exit).code).toBe(0);
    expect((await b.exit).code).toBe(0);
    expect(counter()).toBe(1000);
  });
});

describe('a writer holding the lock', () => {
  it('makes a second writer with a short busy timeout fail with BusyError naming the file, changing nothing', async () => {
    const holder = start('lock-holder.ts', [file, '100']);
    expect(await holder.nextJson()).toEqual({ locked: true });

    const writer = start('writer.ts', [file, '300']);
    expect(await writer.nextJson()).toEqual({ attempting: true });
    const result = await writer.nextJson();
    expect(result).toMatchObject({ ok: false, code: 'BUSY', name: 'BusyError', target: file });
    expect(result.message).toContain(file);
    expect((await writer.exit).code).toBe(0);

    holder.send('commit');
    expect(await holder.nextJson()).toEqual({ committed: true });
    expect(counter()).toBe(100);
  });

  it('makes a second writer with a long busy timeout wait, then succeed on top of the holder’s commit', async () => {
    const holder = start('lock-holder.ts', [file, '100']);
    expect(await holder.nextJson()).toEqual({ locked: true });

    const writer = start('writer.ts', [file, '30000']);
    expect(await writer.nextJson()).toEqual({ attempting: true });
    // Give the writer time to reach the lock; it must be waiting, not failing, when the holder commits.
    await new Promise((r) => setTimeout(r, 300));
    expect(writer.child.exitCode).toBeNull();

    holder.send('commit');
    expect(await holder.nextJson()).toEqual({ committed: true });
    // Its read came after the holder's commit: BEGIN IMMEDIATE took the lock before reading.
    expect(await writer.nextJson()).toEqual({ ok: true, seen: 100 });
    expect((await writer.exit).code).toBe(0);
    expect(counter()).toBe(101);
  });
});

/** Leaving WAL needs exclusive access, so this only succeeds when no other process has the file open. */
const canLeaveWal = () => {
  const probe = new Database(file, { timeout: 0 });
  try {
    return probe.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw error;
  } finally {
    probe.close();
  }
};

describe('dispose in another process', () => {
  it('releases the file, which can then be renamed and deleted, and reopened fresh', async () => {
    const holder = start('cache-holder.ts', [file]);
    expect(await holder.nextJson()).toEqual({ open: true, tables: ['counter', 'held'] });
    expect(existsSync(`${file}-shm`)).toBe(true);
    expect(canLeaveWal()).toBe(false);

    holder.send('dispose');
    expect(await holder.nextJson()).toEqual({ disposed: true, handleOpen: false });
    // The last connection has gone: SQLite checkpointed and removed the WAL side files.
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
    expect(canLeaveWal()).toBe(true);

    renameSync(file, `${file}.old`);
    rmSync(`${file}.old`);
    holder.send('reopen');
    expect(await holder.nextJson()).toEqual({ reopened: true, tables: [] });
    expect((await holder.exit).code).toBe(0);
    expect(existsSync(file)).toBe(true);
  });
});
