import Database from 'better-sqlite3';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeReadOnly, removeTempDirs, tempDir } from '@forgedb/test-utils';
import { IoError, ReadOnlyError, ValidationError } from '../errors/index.js';
import { CannotOpenError, NotADatabaseError } from './errors.js';
import { JOURNAL_MODE_ENV, type MountEntry } from './journal-mode.js';
import {
  DEFAULT_BUSY_TIMEOUT_MS,
  applyJournalMode,
  connectionInfo,
  openDatabase,
  type SqliteDatabase,
} from './open.js';

let dir: string;
const open: SqliteDatabase[] = [];
let savedEnv: string | undefined;

beforeEach(() => {
  dir = tempDir();
  savedEnv = process.env[JOURNAL_MODE_ENV];
  delete process.env[JOURNAL_MODE_ENV];
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  if (savedEnv === undefined) delete process.env[JOURNAL_MODE_ENV];
  else process.env[JOURNAL_MODE_ENV] = savedEnv;
  removeTempDirs();
});

const track = (db: SqliteDatabase) => {
  open.push(db);
  return db;
};

/** The temp directory as a local disk (or a network mount), whatever the machine's own table says. */
const table = (fsType: string): MountEntry[] => [
  { source: '/dev/sda1', mountPoint: '/', fsType: 'ext4' },
  { source: 'x', mountPoint: dir, fsType },
];

const pragmas = (db: SqliteDatabase) => ({
  busy_timeout: db.pragma('busy_timeout', { simple: true }),
  foreign_keys: db.pragma('foreign_keys', { simple: true }),
  journal_mode: db.pragma('journal_mode', { simple: true }),
  synchronous: db.pragma('synchronous', { simple: true }),
});

const SYNCHRONOUS_NORMAL = 1;
const SYNCHRONOUS_FULL = 2;

describe('pragmas', () => {
  it('a fresh file connection has busy_timeout 30000, foreign keys on, WAL and synchronous NORMAL on a local disk', () => {
    const db = track(
      openDatabase(
        { file: path.join(dir, 'a.db') },
        { detect: { mounts: table('ext4'), platform: 'linux' } },
      ),
    );
    expect(pragmas(db)).toEqual({
      busy_timeout: 30_000,
      foreign_keys: 1,
      journal_mode: 'wal',
      synchronous: SYNCHRONOUS_NORMAL,
    });
    expect(DEFAULT_BUSY_TIMEOUT_MS).toBe(30_000);
    expect(connectionInfo(db)).toEqual({
      file: path.join(dir, 'a.db'),
      journalMode: 'WAL',
      journalReason: `ext4 local mount at ${dir}`,
    });
  });

  it('the pragmas hold on the next connection to an existing file, with the machine’s own mount table', () => {
    const file = path.join(dir, 'b.db');
    track(openDatabase({ file })).close();
    const db = track(openDatabase({ file }));
    const expected = connectionInfo(db).journalMode === 'WAL' ? SYNCHRONOUS_NORMAL : SYNCHRONOUS_FULL;
    expect(pragmas(db)).toMatchObject({ busy_timeout: 30_000, foreign_keys: 1, synchronous: expected });
    // A temp directory here is local, so detection picks WAL (the reason names the mount it used).
    expect(connectionInfo(db).journalReason).toMatch(
      /local mount at|network mount at|mount table unreadable/,
    );
  });

  it('DELETE on a network mount keeps SQLite’s default synchronous FULL', () => {
    const db = track(
      openDatabase(
        { file: path.join(dir, 'n.db') },
        { detect: { mounts: table('nfs4'), platform: 'linux' } },
      ),
    );
    expect(pragmas(db)).toEqual({
      busy_timeout: 30_000,
      foreign_keys: 1,
      journal_mode: 'delete',
      synchronous: SYNCHRONOUS_FULL,
    });
    expect(connectionInfo(db).journalReason).toBe(`nfs4 network mount at ${dir}`);
  });

  it('an explicit option overrides detection, and FORGEDB_JOURNAL_MODE does too', () => {
    const a = track(
      openDatabase(
        { file: path.join(dir, 'o.db') },
        { journalMode: 'DELETE', detect: { mounts: table('ext4') } },
      ),
    );
    expect(a.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(connectionInfo(a).journalReason).toBe('explicit option');

    process.env[JOURNAL_MODE_ENV] = 'wal';
    const b = track(
      openDatabase(
        { file: path.join(dir, 'e.db') },
        { detect: { mounts: table('cifs'), platform: 'linux' } },
      ),
    );
    expect(b.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(connectionInfo(b).journalReason).toBe('explicit override');
  });

  it('an invalid FORGEDB_JOURNAL_MODE fails with a ValidationError and creates nothing', () => {
    process.env[JOURNAL_MODE_ENV] = 'off';
    const file = path.join(dir, 'sub', 'bad.db');
    expect(() => openDatabase({ file })).toThrow(ValidationError);
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  it('busyTimeoutMs shortens the wait', () => {
    const db = track(openDatabase({ file: path.join(dir, 't.db') }, { busyTimeoutMs: 300 }));
    expect(db.pragma('busy_timeout', { simple: true })).toBe(300);
  });
});

describe(':memory:', () => {
  it('opens a private in-memory database with the same pragmas', () => {
    const a = track(openDatabase(':memory:'));
    const b = track(openDatabase(':memory:'));
    expect(a.memory).toBe(true);
    expect(pragmas(a)).toMatchObject({ busy_timeout: 30_000, foreign_keys: 1, journal_mode: 'memory' });
    a.exec('CREATE TABLE t (x)');
    expect(b.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get()).toEqual({ n: 0 });
    expect(connectionInfo(a).journalMode).toBe('MEMORY');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('enforces foreign keys', () => {
    const db = track(openDatabase(':memory:'));
    db.exec('CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p(id))');
    expect(() => db.prepare('INSERT INTO c VALUES (42)').run()).toThrow(/FOREIGN KEY/);
  });
});

describe('files that are not databases', () => {
  it.each([
    ['a text file', Buffer.from('feature_list = [1, 2, 3]\n'.repeat(20))],
    ['a short file', Buffer.from('SQLite')],
    [
      'a file with a SQLite-like prefix',
      Buffer.concat([Buffer.from('SQLite format 2\0'), Buffer.alloc(200, 7)]),
    ],
  ])('refuses %s with NotADatabaseError and leaves every byte as it was', (_, bytes) => {
    const file = path.join(dir, 'features.db');
    writeFileSync(file, bytes);
    let error: unknown;
    try {
      openDatabase({ file });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotADatabaseError);
    expect((error as NotADatabaseError).code).toBe('NOT_A_DATABASE');
    expect((error as NotADatabaseError).file).toBe(file);
    expect((error as Error).message).toContain(file);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(dir)).toEqual(['features.db']);
  });

  it('refuses a rollback-journal file with an intact header but corrupt pages, before switching it to WAL', () => {
    const file = path.join(dir, 'features.db');
    const make = new Database(file);
    make.exec(
      'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO t (v) SELECT hex(randomblob(200)) FROM n;',
    );
    make.close();
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0xa5, pageSize * 2, pageSize * 6);
    writeFileSync(file, bytes);
    expect(() => openDatabase({ file })).toThrow(NotADatabaseError);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a directory', () => {
    const sub = path.join(dir, 'features.db');
    mkdirSync(sub);
    expect(() => openDatabase({ file: sub })).toThrow(NotADatabaseError);
  });

  it('opens an empty file as an empty database', () => {
    const file = path.join(dir, 'empty.db');
    writeFileSync(file, '');
    const db = track(openDatabase({ file }));
    expect(db.prepare('SELECT count(*) AS n FROM sqlite_master').get()).toEqual({ n: 0 });
  });
});

describe('read-only files and directories', () => {
  const seed = (file: string) => {
    const db = openDatabase({ file }, { journalMode: 'DELETE' });
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    db.close();
  };

  it('a read-only file gives ReadOnlyError on a writable open, and opens with readonly: true', () => {
    const file = path.join(dir, 'ro.db');
    seed(file);
    const before = readFileSync(file);
    expect(makeReadOnly(file)).toBe(true);
    expect(() => openDatabase({ file })).toThrow(ReadOnlyError);
    expect(() => openDatabase({ file })).toThrow(/read-only; nothing was written/);
    const db = track(openDatabase({ file }, { readonly: true }));
    expect(db.prepare('SELECT x FROM t').get()).toEqual({ x: 1 });
    expect(db.pragma('busy_timeout', { simple: true })).toBe(30_000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a read-only directory gives ReadOnlyError: SQLite needs it for its -wal and -journal files', () => {
    const sub = path.join(dir, 'locked');
    mkdirSync(sub);
    const file = path.join(sub, 'features.db');
    seed(file);
    expect(makeReadOnly(sub, 0o555)).toBe(true);
    expect(() => openDatabase({ file })).toThrow(ReadOnlyError);
    expect(() => openDatabase({ file: path.join(sub, 'new.db') })).toThrow(ReadOnlyError);
    expect(readdirSync(sub)).toEqual(['features.db']);
  });

  it('a read-only .autoforge/ without a .gitignore gives ReadOnlyError, not a raw EACCES', () => {
    const data = path.join(dir, '.autoforge');
    mkdirSync(data);
    seed(path.join(data, 'features.db'));
    rmSync(path.join(data, '.gitignore'));
    expect(makeReadOnly(data, 0o555)).toBe(true);
    expect(() => openDatabase({ projectDir: dir, name: 'features.db' })).toThrow(ReadOnlyError);
  });

  it('a read-only parent where a new project directory would go gives ReadOnlyError', () => {
    const parent = path.join(dir, 'parent');
    mkdirSync(parent);
    expect(makeReadOnly(parent, 0o555)).toBe(true);
    expect(() => openDatabase({ projectDir: path.join(parent, 'project'), name: 'features.db' })).toThrow(
      ReadOnlyError,
    );
  });

  it('a WAL file in a read-only directory without its -shm is CannotOpenError saying why, not a bare SQLITE_CANTOPEN', () => {
    const sub = path.join(dir, 'wal-locked');
    mkdirSync(sub);
    const file = path.join(sub, 'features.db');
    const db = openDatabase({ file }, { journalMode: 'WAL' });
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    db.close();
    expect(readdirSync(sub)).toEqual(['features.db']);
    expect(makeReadOnly(sub, 0o555)).toBe(true);
    let error: unknown;
    try {
      openDatabase({ file }, { readonly: true }).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CannotOpenError);
    expect(error).toMatchObject({ code: 'CANT_OPEN', file });
    expect((error as Error).message).toContain(`it is in WAL mode, and reading it needs ${file}-shm`);
    expect((error as Error).message).toContain(`its directory ${sub} is not writable`);
    expect(readdirSync(sub)).toEqual(['features.db']);
  });

  it('a data directory that is a dangling symlink is named as such, not "mkdir ...: does not exist"', () => {
    const project = path.join(dir, 'proj');
    mkdirSync(project);
    const gone = path.join(dir, 'moved-away');
    symlinkSync(gone, path.join(project, '.autoforge'));
    let error: unknown;
    try {
      openDatabase({ projectDir: project, name: 'features.db' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IoError);
    expect((error as Error).message).toBe(
      `${path.join(project, '.autoforge')} is a symbolic link to ${gone}, which does not exist; nothing was created. ` +
        'Create the directory it points to, or remove the link.',
    );
    expect(existsSync(gone)).toBe(false);
  });

  it('readonly: true never creates a file: a missing one is NotADatabaseError', () => {
    const file = path.join(dir, 'absent', 'absent.db');
    expect(() => openDatabase({ file }, { readonly: true })).toThrow(NotADatabaseError);
    expect(() => openDatabase({ file }, { readonly: true })).toThrow(/no such file/);
    expect(existsSync(path.dirname(file))).toBe(false);
  });
});

describe('deferJournalMode', () => {
  it('leaves the header as it is until applyJournalMode, so a failed upgrade changes no byte', () => {
    const file = path.join(dir, 'legacy.db');
    const seed = new Database(file);
    seed.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    seed.close();
    const before = readFileSync(file);
    const db = track(openDatabase({ file }, { detect: { mounts: table('ext4') }, deferJournalMode: true }));
    expect(connectionInfo(db).journalMode).toBe('DELETE');
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(readFileSync(file).equals(before)).toBe(true);
    applyJournalMode(db);
    expect(connectionInfo(db).journalMode).toBe('WAL');
    expect(pragmas(db)).toMatchObject({ journal_mode: 'wal', synchronous: SYNCHRONOUS_NORMAL });
    applyJournalMode(db);
    expect(connectionInfo(db).journalMode).toBe('WAL');
  });
});

describe('mustExist', () => {
  it('refuses a missing file without creating it or its directory', () => {
    const file = path.join(dir, 'project', '.autoforge', 'features.db');
    expect(() => openDatabase({ file }, { mustExist: true })).toThrow(NotADatabaseError);
    expect(() => openDatabase({ file }, { mustExist: true })).toThrow(/no such file/);
    expect(() =>
      openDatabase({ projectDir: path.join(dir, 'project'), name: 'features.db' }, { mustExist: true }),
    ).toThrow(NotADatabaseError);
    expect(existsSync(path.join(dir, 'project'))).toBe(false);
  });

  it('opens an existing file', () => {
    const file = path.join(dir, 'there.db');
    track(openDatabase({ file })).close();
    expect(track(openDatabase({ file }, { mustExist: true })).open).toBe(true);
  });
});
