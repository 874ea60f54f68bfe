import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '@forgedb/test-utils';
import {
  dispose,
  disposeAll,
  getConnection,
  getDefaultDatabase,
  initDefaultDatabase,
} from './connection-cache.js';
import { NotInitializedError } from '../errors/index.js';
import { openDatabase } from './open.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, 'features.db');
});
afterEach(() => {
  disposeAll();
  removeTempDirs();
});

/** Only possible when no other connection has the file open: leaving WAL needs exclusive access. */
const canLeaveWal = (target: string) => {
  const probe = new Database(target, { timeout: 0 });
  try {
    return probe.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw error;
  } finally {
    probe.close();
  }
};

describe('getDefaultDatabase', () => {
  it('throws NotInitializedError before initDefaultDatabase, and creates no file', () => {
    expect(() => getDefaultDatabase()).toThrow(NotInitializedError);
    expect(() => getDefaultDatabase()).toThrow(/initDefaultDatabase\(\)/);
    expect(() => getDefaultDatabase()).toThrow(expect.objectContaining({ code: 'NOT_INITIALIZED' }));
  });

  it('returns the initialised connection, which is also the cached one', () => {
    const db = initDefaultDatabase({ projectDir: dir, name: 'features.db' });
    expect(getDefaultDatabase()).toBe(db);
    expect(getConnection({ file: path.join(dir, '.autoforge', 'features.db') })).toBe(db);
  });

  it('is cleared by dispose of its file and by disposeAll', () => {
    initDefaultDatabase({ file });
    dispose(file);
    expect(() => getDefaultDatabase()).toThrow(NotInitializedError);
    initDefaultDatabase({ file });
    disposeAll();
    expect(() => getDefaultDatabase()).toThrow(NotInitializedError);
  });
});

describe('getConnection', () => {
  it('returns one handle per file, however the path is spelled', () => {
    const db = getConnection({ file });
    mkdirSync(path.join(dir, 'sub'));
    expect(getConnection({ file: path.join(dir, 'sub', '..', 'features.db') })).toBe(db);
    expect(getConnection({ file: path.relative(process.cwd(), file) })).toBe(db);
    expect(getConnection({ projectDir: dir, name: 'features.db' })).toBe(db);
  });

  it('keys by real path: a symlink to the file, or to its directory, gives the same handle', () => {
    const db = getConnection({ file });
    const fileLink = path.join(dir, 'link.db');
    symlinkSync(file, fileLink);
    const dirLink = path.join(tempDir(), 'project-link');
    symlinkSync(dir, dirLink);
    expect(getConnection({ file: fileLink })).toBe(db);
    expect(getConnection({ file: path.join(dirLink, 'features.db') })).toBe(db);
    expect(getConnection({ projectDir: dirLink, name: 'features.db' })).toBe(db);
  });

  it('gives different files different handles', () => {
    expect(getConnection({ file })).not.toBe(getConnection({ file: path.join(dir, 'assistant.db') }));
  });

  it('never caches :memory:', () => {
    const a = getConnection(':memory:');
    const b = getConnection(':memory:');
    expect(a).not.toBe(b);
    a.close();
    b.close();
  });

  it('replaces a handle that was closed behind the cache’s back', () => {
    const db = getConnection({ file });
    db.close();
    const again = getConnection({ file });
    expect(again).not.toBe(db);
    expect(again.open).toBe(true);
  });
});

describe('dispose', () => {
  it('closes the handle and releases the file, which can then be deleted and recreated fresh', () => {
    const db = getConnection({ file }, { journalMode: 'WAL' });
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    expect(canLeaveWal(file)).toBe(false);

    expect(dispose(file)).toBe(true);
    expect(db.open).toBe(false);
    // The last connection closing checkpoints and removes the WAL side files.
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
    expect(canLeaveWal(file)).toBe(true);

    rmSync(file);
    const fresh = getConnection({ file });
    expect(fresh).not.toBe(db);
    expect(fresh.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get()).toEqual({ n: 0 });
  });

  it('lets a file be replaced by another database', () => {
    getConnection({ file }).exec('CREATE TABLE old (x)');
    const replacement = path.join(dir, 'replacement.db');
    const r = openDatabase({ file: replacement });
    r.exec('CREATE TABLE replaced (x)');
    r.close();

    dispose({ file });
    renameSync(replacement, file);
    const names = getConnection({ file })
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => (row as { name: string }).name);
    expect(names).toEqual(['replaced']);
  });

  it('accepts every spelling of the target, including a symlink', () => {
    const link = path.join(dir, 'link.db');
    getConnection({ file });
    symlinkSync(file, link);
    expect(dispose(link)).toBe(true);
    getConnection({ file });
    expect(dispose({ projectDir: dir, name: 'features.db' })).toBe(true);
  });

  it('returns false for a file that has no cached handle', () => {
    expect(dispose(path.join(dir, 'never-opened.db'))).toBe(false);
    expect(dispose(':memory:')).toBe(false);
  });
});

describe('disposeAll', () => {
  it('closes every cached handle', () => {
    const a = getConnection({ file });
    const b = getConnection({ file: path.join(dir, 'assistant.db') });
    disposeAll();
    expect(a.open).toBe(false);
    expect(b.open).toBe(false);
    expect(canLeaveWal(file)).toBe(true);
    expect(getConnection({ file })).not.toBe(a);
  });
});
