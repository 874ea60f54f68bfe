import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { ReadOnlyError } from '../errors/index.js';
import { NotADatabaseError, mapSqliteError } from './errors.js';
import { recoverHotJournal } from './hot-journal.js';
import { detectJournalMode, type DetectOptions, type JournalMode } from './journal-mode.js';
import { ensureParentDir, resolveDatabaseFile } from './paths.js';
import { openReadOnlyConnection } from './wal-leftovers.js';

export type SqliteDatabase = Database.Database;

export const DEFAULT_BUSY_TIMEOUT_MS = 30_000;
export const MEMORY = ':memory:';

/** A project directory and a file name (three-location resolution), a file path, or `:memory:`. */
export type DatabaseTarget = { projectDir: string; name: string } | { file: string } | typeof MEMORY;

export interface OpenOptions {
  /** `auto` (default) detects by file system; `WAL`/`DELETE` force a mode. */
  journalMode?: JournalMode | 'auto';
  busyTimeoutMs?: number;
  /**
   * Open without write access; nothing is created (a missing file is NotADatabaseError) and no
   * pragma that writes is issued. A hot journal left by a killed writer is rolled back first by a
   * short write-capable connection (see recoverHotJournal); where that is impossible, reading
   * fails with HotJournalError. The -wal and -shm files that reading a WAL database creates are
   * removed again when the last such connection closes, if this process may write the file and
   * its directory and no other connection has it open (docs/decisions/0018-read-only-wal-leftovers.md).
   */
  readonly?: boolean;
  /** Refuse to create a new file (e.g. for `verify` and `status`). */
  mustExist?: boolean;
  /** Passed to journal-mode detection (tests inject mount tables). */
  detect?: DetectOptions;
  /**
   * Decide the journal mode now but leave the file's as it is until `applyJournalMode(db)`.
   * `forgedb migrate` switches only after the upgrade committed, so a failed one leaves every
   * header byte as it was (the switch to WAL rewrites bytes 18-19).
   */
  deferJournalMode?: boolean;
}

export interface ConnectionInfo {
  file: string;
  journalMode: string;
  journalReason: string;
}

const infos = new WeakMap<SqliteDatabase, ConnectionInfo>();
/** Journal modes decided at open but deferred (deferJournalMode) until applyJournalMode. */
const deferred = new WeakMap<SqliteDatabase, string>();

export function resolveTarget(target: DatabaseTarget): string {
  if (target === MEMORY) return MEMORY;
  if ('file' in target) return path.resolve(target.file);
  return resolveDatabaseFile(target.projectDir, target.name);
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Rejects non-SQLite files (and directories) before SQLite touches them: opening one in WAL mode
 * would write beside it. A missing or empty file passes (SQLite treats it as an empty database).
 */
export function assertSqliteFile(file: string): void {
  if (!existsSync(file)) return;
  if (statSync(file).isDirectory()) throw new NotADatabaseError(file, 'it is a directory');
  const size = statSync(file).size;
  if (size === 0) return; // SQLite treats an empty file as an empty database.
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 100 || header.toString('latin1') !== SQLITE_MAGIC) {
    throw new NotADatabaseError(file, 'no SQLite header');
  }
}

/** Creating the parent directories (or `.autoforge/.gitignore`) failed because the location is read-only. */
const isPermissionError = (error: unknown) =>
  ['EACCES', 'EPERM', 'EROFS'].includes(String((error as NodeJS.ErrnoException | null)?.code));

/** Writing needs the file and its directory: SQLite creates its -journal, -wal and -shm files beside it. */
function isWritable(file: string): boolean {
  try {
    if (existsSync(file)) accessSync(file, constants.W_OK);
    accessSync(path.dirname(file), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens a connection with the contract's pragmas, all set before any transaction can begin:
 * busy_timeout first (so even the journal-mode switch waits for a lock instead of failing),
 * then the journal mode, foreign_keys ON, and synchronous NORMAL under WAL.
 */
export function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): SqliteDatabase {
  const file = resolveTarget(target);
  const memory = file === MEMORY;
  // Decided before anything is touched, so an invalid override fails without creating a file or directory.
  const decision = memory
    ? { mode: 'MEMORY', reason: 'in-memory database' }
    : options.journalMode && options.journalMode !== 'auto'
      ? { mode: options.journalMode, reason: 'explicit option' }
      : detectJournalMode(file, options.detect);

  if (!memory) {
    // A read-only connection cannot create the file, so a missing one is the same typed error.
    if ((options.mustExist || options.readonly) && !existsSync(file)) {
      throw new NotADatabaseError(file, 'no such file');
    }
    assertSqliteFile(file);
    if (options.readonly) recoverHotJournal(file, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
    else {
      try {
        ensureParentDir(file);
      } catch (error) {
        throw isPermissionError(error) || error instanceof ReadOnlyError
          ? new ReadOnlyError(file, { cause: error })
          : error;
      }
      if (!isWritable(file)) throw new ReadOnlyError(file);
    }
  }

  let db: SqliteDatabase;
  try {
    db =
      options.readonly && !memory
        ? openReadOnlyConnection(file, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)
        : new Database(file, {
            readonly: options.readonly ?? false,
            fileMustExist: options.mustExist ?? false,
          });
  } catch (error) {
    throw mapSqliteError(error, file);
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    const journalMode = String(db.pragma('journal_mode', { simple: true }));
    infos.set(db, { file, journalMode: journalMode.toUpperCase(), journalReason: decision.reason });
    if (!memory && !options.readonly && journalMode.toUpperCase() !== decision.mode.toUpperCase()) {
      // Switching the journal mode rewrites header bytes. Check the pages first, so that a corrupt
      // file is refused unchanged; this runs once per file, as later opens find the mode already set.
      if (Number(db.pragma('page_count', { simple: true })) > 0) {
        const check = String(db.pragma('quick_check', { simple: true }));
        if (check !== 'ok') throw new NotADatabaseError(file, `quick_check: ${check}`);
      }
      deferred.set(db, decision.mode);
      if (!options.deferJournalMode) applyJournalMode(db);
    }
    db.pragma('foreign_keys = ON');
    if (connectionInfo(db).journalMode === 'WAL') db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    db.close();
    throw mapSqliteError(error, file);
  }
}

/**
 * Switches a connection opened with `deferJournalMode` to the journal mode decided at open (and
 * `synchronous = NORMAL` under WAL). Does nothing when no switch is pending.
 */
export function applyJournalMode(db: SqliteDatabase): void {
  const mode = deferred.get(db);
  if (mode === undefined) return;
  try {
    const now = String(db.pragma(`journal_mode = ${mode}`, { simple: true })).toUpperCase();
    deferred.delete(db);
    infos.set(db, { ...connectionInfo(db), journalMode: now });
    if (now === 'WAL') db.pragma('synchronous = NORMAL');
  } catch (error) {
    throw mapSqliteError(error, db.name);
  }
}

/** What `openDatabase` decided for a connection (file, journal mode and why). */
export function connectionInfo(db: SqliteDatabase): ConnectionInfo {
  return (
    infos.get(db) ?? {
      file: db.name,
      journalMode: String(db.pragma('journal_mode', { simple: true })).toUpperCase(),
      journalReason: 'unknown',
    }
  );
}
