import { describe, expect, it } from 'vitest';
import {
  BusyError,
  ConstraintError,
  DiskFullError,
  IoError,
  ReadOnlyError,
  ValidationError,
} from '../errors/index.js';
import { CannotOpenError, HotJournalError, NotADatabaseError, mapSqliteError } from './errors.js';

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
    expect(mapped).toMatchObject({ code: 'BUSY', target: FILE, cause });
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

  it('returns typed errors and anything unrecognised unchanged', () => {
    const typed = new ValidationError('input', 'bad');
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
