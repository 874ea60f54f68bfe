import { describe, expect, it } from 'vitest';
import {
  BusyError,
  CannotOpenError,
  ConflictError,
  DiskFullError,
  HotJournalError,
  IoError,
  ConstraintError,
  ForgeDbError,
  NotADatabaseError,
  NotFoundError,
  NotInitializedError,
  ReadOnlyError,
  ValidationError,
  mapFsWriteError,
  mapSqliteError,
} from './errors.js';

const FILE = '/p/.autoforge/features.db';
const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('mapSqliteError', () => {
  it.each([
    'SQLITE_BUSY',
    'SQLITE_BUSY_SNAPSHOT',
    'SQLITE_BUSY_TIMEOUT',
    'SQLITE_LOCKED',
    'SQLITE_LOCKED_SHAREDCACHE',
  ])('%s becomes BusyError naming the file', (code) => {
    const cause = sqliteError(code, 'database is locked');
    const mapped = mapSqliteError(cause, FILE);
    expect(mapped).toBeInstanceOf(BusyError);
    expect(mapped).toMatchObject({ code: 'BUSY', file: FILE, cause });
    expect((mapped as Error).message).toContain(FILE);
  });

  it.each([
    ['SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed: features.id', 'features.id'],
    ['SQLITE_CONSTRAINT_CHECK', 'CHECK constraint failed: ck_override_type', 'ck_override_type'],
    ['SQLITE_CONSTRAINT_NOTNULL', 'NOT NULL constraint failed: features.name', 'features.name'],
    ['SQLITE_CONSTRAINT_FOREIGNKEY', 'FOREIGN KEY constraint failed', 'FOREIGN KEY'],
    ['SQLITE_CONSTRAINT_TRIGGER', 'some trigger said no', 'unknown'],
  ])('%s names the constraint', (code, message, constraint) => {
    const mapped = mapSqliteError(sqliteError(code, message), FILE);
    expect(mapped).toBeInstanceOf(ConstraintError);
    expect(mapped).toMatchObject({ code: 'CONSTRAINT', constraint });
    expect((mapped as Error).message).toContain(FILE);
    expect((mapped as Error).message).toContain('rolled back');
  });

  it('file-level codes', () => {
    expect(mapSqliteError(sqliteError('SQLITE_NOTADB', 'file is not a database'), FILE)).toBeInstanceOf(
      NotADatabaseError,
    );
    expect(
      mapSqliteError(sqliteError('SQLITE_CORRUPT', 'database disk image is malformed'), FILE),
    ).toMatchObject({
      code: 'NOT_A_DATABASE',
      file: FILE,
    });
    expect(
      mapSqliteError(sqliteError('SQLITE_READONLY', 'attempt to write a readonly database'), FILE),
    ).toBeInstanceOf(ReadOnlyError);
    expect(mapSqliteError(sqliteError('SQLITE_READONLY_DBMOVED', 'x'), FILE)).toMatchObject({
      code: 'READ_ONLY',
      file: FILE,
    });
  });

  it('disk full, cannot open, I/O errors and a hot journal name the file and say what happened', () => {
    const full = mapSqliteError(sqliteError('SQLITE_FULL', 'database or disk is full'), FILE);
    expect(full).toBeInstanceOf(DiskFullError);
    expect(full).toMatchObject({ code: 'DISK_FULL', file: FILE });
    expect((full as Error).message).toMatch(/^Could not write \/p\/\.autoforge\/features\.db: no space left/);

    const cantOpen = mapSqliteError(sqliteError('SQLITE_CANTOPEN', 'unable to open database file'), FILE);
    expect(cantOpen).toBeInstanceOf(CannotOpenError);
    expect(cantOpen).toMatchObject({ code: 'CANT_OPEN', file: FILE });
    expect((cantOpen as Error).message).toContain(`Cannot open ${FILE}: the file does not exist.`);

    const io = mapSqliteError(sqliteError('SQLITE_IOERR_WRITE', 'disk I/O error'), FILE);
    expect(io).toBeInstanceOf(IoError);
    expect(io).toMatchObject({ code: 'IO', file: FILE });
    expect((io as Error).message).toContain('SQLITE_IOERR_WRITE');

    const hot = mapSqliteError(
      sqliteError('SQLITE_READONLY_ROLLBACK', 'attempt to write a readonly database'),
      FILE,
    );
    expect(hot).toBeInstanceOf(HotJournalError);
    expect(hot).toMatchObject({ code: 'HOT_JOURNAL', file: FILE });
    expect((hot as Error).message).toContain(`${FILE}-journal`);
    expect((hot as Error).message).not.toMatch(/is read-only/);
  });

  it('file-system write errors name the file', () => {
    const errno = (code: string) =>
      Object.assign(new Error(`${code}: failed, write`), { code, syscall: 'write' });
    expect(mapFsWriteError(errno('ENOSPC'), FILE)).toMatchObject({ code: 'DISK_FULL', file: FILE });
    expect((mapFsWriteError(errno('EFBIG'), FILE) as Error).message).toMatch(/file-size limit \(EFBIG\)/);
    expect(mapFsWriteError(errno('EROFS'), FILE)).toBeInstanceOf(ReadOnlyError);
    expect(mapFsWriteError(errno('EIO'), FILE)).toMatchObject({ code: 'IO', file: FILE });
    // An error that already names its path (a failed open) is left to say it itself.
    const open = Object.assign(new Error('ENOENT: no such file'), {
      code: 'ENOENT',
      syscall: 'open',
      path: '/x.tmp',
    });
    expect(mapFsWriteError(open, FILE)).toBe(open);
    const plain = new TypeError('nope');
    expect(mapFsWriteError(plain, FILE)).toBe(plain);
  });

  it('returns typed errors and anything unrecognised unchanged', () => {
    const typed = new ValidationError('bad');
    expect(mapSqliteError(typed, FILE)).toBe(typed);
    const other = sqliteError('SQLITE_ERROR', 'no such table: x');
    expect(mapSqliteError(other, FILE)).toBe(other);
    const plain = new TypeError('nope');
    expect(mapSqliteError(plain, FILE)).toBe(plain);
    expect(mapSqliteError('a string', FILE)).toBe('a string');
    expect(mapSqliteError(null, FILE)).toBeNull();
    expect(mapSqliteError(undefined, FILE)).toBeUndefined();
  });
});

describe('typed errors', () => {
  it('carry a stable code and their class name', () => {
    const cases: [ForgeDbError, string, string][] = [
      [new NotFoundError('Feature', 7), 'NOT_FOUND', 'Feature 7 not found'],
      [
        new ConflictError('already_passing', 'Feature 7 already passes'),
        'CONFLICT',
        'Feature 7 already passes',
      ],
      [new NotInitializedError('The default database'), 'NOT_INITIALIZED', 'initDefaultDatabase()'],
      [
        new ValidationError('name too long', [{ path: 'name', message: 'max 255' }]),
        'VALIDATION',
        'name too long',
      ],
    ];
    for (const [error, code, text] of cases) {
      expect(error).toBeInstanceOf(ForgeDbError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(code);
      expect(error.name).toBe(error.constructor.name);
      expect(error.message).toContain(text);
    }
    expect(new ConflictError('already_passing', 'x').reason).toBe('already_passing');
    expect(new ValidationError('x', [{ path: 'name', message: 'max 255' }]).issues).toEqual([
      { path: 'name', message: 'max 255' },
    ]);
  });
});
