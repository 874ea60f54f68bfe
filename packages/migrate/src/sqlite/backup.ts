import Database from 'better-sqlite3';
import { existsSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConflictError, SchemaError, ValidationError, mapFsWriteError } from '@forgedb/db-core';
import {
  DEFAULT_BUSY_TIMEOUT_MS,
  NotADatabaseError,
  assertSqliteFile,
  mapSqliteError,
  openDatabase,
  type SqliteDatabase,
} from '@forgedb/db-core/sqlite';
import type { DatabaseKind } from '@forgedb/schema';
import { contentDigest } from './content-digest.js';
import { databaseKindOf, notOfKind } from './database-kind.js';
import { historyExists } from './history.js';
import { replaceContent } from './replace-content.js';
import { startNewLeaseEpoch } from './lease-epoch.js';

export const DEFAULT_BACKUPS_KEPT = 5;

const BACKUP_MARK = '.backup-';
/**
 * Ends the name of a backup of content that has no forgedb history yet: the file as the Python
 * app (or an older tool) left it. The oldest such backup of a file is never pruned.
 */
export const PRE_FORGEDB_MARK = '-pre-forgedb';
/** What follows `<file>.backup-` in the names forgedb gives backups: `<stamp>-<pid>` or `<stamp>-before-restore`. */
const BACKUP_NAME = /^\d{8}T\d{9}Z-(?:\d+|before-restore)(?:-pre-forgedb)?$/;
/** A backup being written (`<target>.tmp-<pid>`; `<target>.tmp` from older versions) and SQLite's side files of it. */
const TEMP_NAME = /\.tmp(?:-(\d+))?(?:-journal|-wal|-shm)?$/;
/** A temporary file untouched for this long, whose writer is not running here, is a leftover of a killed backup. */
export const STALE_TEMP_MS = 10 * 60_000;

/** `20261123T063000123Z`: sorts by time as text, and is safe in every file system's names. */
function stamp(date = new Date()): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

/** The file has tables but no forgedb history: nothing forgedb did is in it yet. */
function isPreForgedb(db: SqliteDatabase): boolean {
  const tables = db
    .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
    .pluck()
    .get() as number;
  return tables > 0 && !historyExists(db);
}

export function defaultBackupPath(
  dbFile: string,
  date = new Date(),
  options: { preForgedb?: boolean } = {},
): string {
  return `${dbFile}${BACKUP_MARK}${stamp(date)}-${process.pid}${options.preForgedb ? PRE_FORGEDB_MARK : ''}`;
}

const backupPrefix = (dbFile: string) => `${path.basename(dbFile)}${BACKUP_MARK}`;

/**
 * Backups of `dbFile` next to it, oldest first. Only names forgedb gives its backups count, so
 * a killed backup's temporary file (`.tmp-<pid>`, with its `-journal`) is never listed or pruned.
 */
export function listBackups(dbFile: string): string[] {
  const dir = path.dirname(dbFile);
  const prefix = backupPrefix(dbFile);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.startsWith(prefix) && BACKUP_NAME.test(n.slice(prefix.length)))
    .sort()
    .map((n) => path.join(dir, n));
}

function isRunningHere(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what killed backups of `dbFile` left next to it: temporary files (and their -journal)
 * that nobody has written to for `olderThanMs` and whose writing process, named in the file
 * name, is not running on this machine. A backup still being written is never touched: its
 * writer is alive, and it keeps the file's modification time fresh. Returns what was removed.
 */
export function removeStaleTempFiles(
  dbFile: string,
  options: { olderThanMs?: number; now?: number } = {},
): string[] {
  const dir = path.dirname(dbFile);
  const prefix = backupPrefix(dbFile);
  if (!existsSync(dir)) return [];
  const now = options.now ?? Date.now();
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const temp = name.startsWith(prefix) ? TEMP_NAME.exec(name) : null;
    if (!temp) continue;
    const file = path.join(dir, name);
    const writer = temp[1] === undefined ? null : Number(temp[1]);
    let idleMs: number;
    try {
      idleMs = now - statSync(file).mtimeMs;
    } catch {
      continue; // gone meanwhile
    }
    if (idleMs < (options.olderThanMs ?? STALE_TEMP_MS) || (writer !== null && isRunningHere(writer)))
      continue;
    rmSync(file, { force: true });
    removed.push(file);
  }
  return removed;
}

export function isPreForgedbBackup(file: string): boolean {
  return file.endsWith(PRE_FORGEDB_MARK);
}

/**
 * Retention: keeps the newest `keep` backups of `dbFile`, and its first pre-forgedb backup (the
 * file as it was before forgedb ever changed it) forever; removes the rest, and stale temporary
 * files of killed backups. Returns the removed backups.
 */
export function pruneBackups(dbFile: string, keep: number): string[] {
  removeStaleTempFiles(dbFile);
  const all = listBackups(dbFile);
  const kept = new Set(all.slice(Math.max(0, all.length - keep)));
  const first = all.find(isPreForgedbBackup);
  if (first) kept.add(first);
  const removed = all.filter((f) => !kept.has(f));
  for (const f of removed) rmSync(f, { force: true });
  return removed;
}

export interface BackupResult {
  file: string;
  bytes: number;
}

/** A failed VACUUM INTO: running out of room or failing to write is the copy's fault, anything else the source's. */
function mapBackupError(error: unknown, source: string, target: string): unknown {
  const raw = (error as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' ? raw : '';
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR_WRITE') || code.startsWith('SQLITE_CANTOPEN'))
    return mapSqliteError(error, target);
  if (typeof (error as NodeJS.ErrnoException | null)?.syscall === 'string')
    return mapFsWriteError(error, target);
  return mapSqliteError(error, source);
}

/**
 * A consistent online copy: VACUUM INTO reads inside one read transaction, so writers in other
 * processes carry on (under WAL) and the copy is a single point in time. It is written under a
 * temporary name and renamed, so a killed backup never leaves a half file that looks complete.
 * The default name is marked `-pre-forgedb` when the content has no forgedb history yet.
 */
export function backupDatabase(db: SqliteDatabase, outFile?: string): BackupResult {
  const target = path.resolve(
    outFile ?? defaultBackupPath(db.name, new Date(), { preForgedb: isPreForgedb(db) }),
  );
  if (existsSync(target)) {
    throw new ConflictError(
      'target_exists',
      `Backup target ${target} already exists; nothing was written. Choose another --out or remove it.`,
    );
  }
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
    throw mapBackupError(error, db.name, target);
  }
  return { file: target, bytes: statSync(target).size };
}

function sameContent(db: SqliteDatabase, backup: string): boolean {
  let other: SqliteDatabase | undefined;
  try {
    other = new Database(backup, { readonly: true, fileMustExist: true });
    return contentDigest(other) === contentDigest(db);
  } catch {
    return false; // an unreadable backup is no reason to skip a new one
  } finally {
    other?.close();
  }
}

/**
 * The backup an upgrade takes before it changes `db`, whose connection already holds the write
 * lock (so concurrent upgraders wait, then find nothing to do and take none). VACUUM INTO cannot
 * run inside a transaction, so a second, read-only connection copies the file: with the lock
 * held, nobody can commit in between, so it copies exactly what `db` is about to change. When the
 * newest backup already holds this content (an earlier attempt that failed, or `forgedb backup`
 * just before), no new one is written and that one is returned (`reused`).
 */
export function backupBeforeUpgrade(db: SqliteDatabase): BackupResult & { reused: boolean } {
  const newest = listBackups(db.name).at(-1);
  if (newest && sameContent(db, newest)) return { file: newest, bytes: statSync(newest).size, reused: true };
  const reader = openDatabase({ file: db.name }, { readonly: true, mustExist: true });
  try {
    return { ...backupDatabase(reader), reused: false };
  } finally {
    reader.close();
  }
}

export interface RestoreOptions {
  /**
   * The kind the backup must be when the target holds no AutoForge content to tell (a new or empty
   * file); a target that does hold such content always requires a backup of its own kind.
   */
  kind?: DatabaseKind;
  /** How long to wait for the target's write lock (default 30 s) before failing with BusyError. */
  busyTimeoutMs?: number;
}

export interface RestoreResult {
  restored: string;
  /** The target's content before the restore, saved as `<target>.backup-<stamp>-before-restore`; null if it had none. */
  previous: string | null;
}

const SOURCE = 'restore_source';
const article = (kind: DatabaseKind) => (kind === 'assistant' ? 'an' : 'a');

interface BackupSource {
  kind: DatabaseKind | null;
  /** Why it is not a database of each kind (null for the kind it is). */
  whyNot: Record<DatabaseKind, string | null>;
}

/** Reads what a backup is, refusing one that is empty, not SQLite or damaged. */
function readBackup(backup: string): BackupSource {
  if (!existsSync(backup)) throw new NotADatabaseError(backup, 'no such file');
  if (statSync(backup).isFile() && statSync(backup).size === 0)
    throw new NotADatabaseError(backup, 'it is empty: 0 bytes, so it holds no backup');
  const db = openDatabase({ file: backup }, { readonly: true, mustExist: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new NotADatabaseError(backup, `backup fails integrity_check: ${String(check)}`);
    return {
      kind: databaseKindOf(db),
      whyNot: { features: notOfKind(db, 'features'), assistant: notOfKind(db, 'assistant') },
    };
  } finally {
    db.close();
  }
}

/** The kind of AutoForge database the target holds now, or null when it holds nothing (or does not exist). */
function targetContentKind(target: string): DatabaseKind | null {
  if (!existsSync(target) || statSync(target).size === 0) return null;
  const db = openDatabase({ file: target }, { readonly: true, mustExist: true });
  try {
    return databaseKindOf(db);
  } finally {
    db.close();
  }
}

/**
 * Refuses, before the target is opened for writing, a backup that is not an AutoForge database
 * of the kind the target holds (or, for a target without content, of `kind`).
 */
function checkKinds(source: string, target: string, kind: DatabaseKind | undefined): void {
  const backup = readBackup(source);
  const held = targetContentKind(target);
  const expected = held ?? kind ?? null;
  if (expected === null) {
    if (backup.kind === null)
      throw new ValidationError(
        'restore_source',
        `${source} is not an AutoForge database: it has neither a features.db's features table nor an ` +
          "assistant.db's conversations tables; nothing was restored.",
      );
    return;
  }
  if (backup.kind === expected) return;
  if (held && backup.kind)
    throw new ValidationError(
      'restore_source',
      `${source} holds ${backup.kind}.db tables but ${target} holds ${held}.db tables; nothing was restored.`,
    );
  throw new ValidationError(
    'restore_source',
    `${source} is not ${article(expected)} ${expected}.db: ${backup.whyNot[expected]}; nothing was restored.`,
  );
}

function realPath(file: string): string {
  return existsSync(file) ? realpathSync(file) : path.resolve(file);
}

/** Saves the target's committed content while `db` holds its write lock (see backupBeforeUpgrade for why a second connection). */
function saveCurrentContent(target: string): string {
  const reader = openDatabase({ file: target }, { readonly: true, mustExist: true });
  try {
    const name = `${target}${BACKUP_MARK}${stamp()}-before-restore${isPreForgedb(reader) ? PRE_FORGEDB_MARK : ''}`;
    return backupDatabase(reader, name).file;
  } finally {
    reader.close();
  }
}

/**
 * Puts a backup back in place of `targetFile`, in one write transaction on the target itself: it
 * waits for the target's write lock like any writer (up to `busyTimeoutMs`, then BusyError with
 * nothing changed), saves the current content, replaces every table, index, view and trigger with
 * the backup's, checks that the target's content digest now equals the backup's, and commits.
 * Processes that have the target open see the restored content (they are not handed a file
 * swapped under them), and a kill at any point leaves the old content or the new, never a mix.
 * (SQLite's backup API as better-sqlite3 drives it cannot do this: its own destination
 * connection has no busy timeout, and it reports a locked target as done; see
 * docs/migrations.md, "Restore".)
 */
export async function restoreBackup(
  backupFile: string,
  targetFile: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const source = path.resolve(backupFile);
  const target = path.resolve(targetFile);
  if (realPath(source) === realPath(target))
    throw new ValidationError(
      'restore_source',
      `${source} is the file to restore into; nothing was restored.`,
    );
  if (!existsSync(path.dirname(target)))
    throw new NotADatabaseError(
      target,
      `its directory ${path.dirname(target)} does not exist; nothing was restored`,
    );
  assertSqliteFile(target);
  checkKinds(source, target, options.kind);
  const created = !existsSync(target);
  let db: SqliteDatabase;
  try {
    db = new Database(target);
  } catch (error) {
    throw mapSqliteError(error, target);
  }
  let previous: string | null = null;
  let restored = false;
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    // Tables are dropped and refilled; foreign keys are switched off outside the transaction, where it takes effect.
    db.pragma('foreign_keys = OFF');
    db.prepare(`ATTACH DATABASE ? AS ${SOURCE}`).run(source);
    if (Number(db.pragma('main.page_count', { simple: true })) === 0) {
      // Only an empty file takes these; a copy into a new file keeps the backup's layout.
      db.pragma(`main.page_size = ${Number(db.pragma(`${SOURCE}.page_size`, { simple: true }))}`);
      db.pragma(`main.auto_vacuum = ${Number(db.pragma(`${SOURCE}.auto_vacuum`, { simple: true }))}`);
    }
    db.exec('BEGIN IMMEDIATE');
    try {
      const hasContent = db.prepare('SELECT 1 FROM main.sqlite_master').get() !== undefined;
      previous = hasContent ? saveCurrentContent(target) : null;
      replaceContent(db, SOURCE);
      if (contentDigest(db, 'main') !== contentDigest(db, SOURCE)) {
        throw new SchemaError(
          `Restoring ${source} into ${target} did not reproduce the backup exactly (the content digests differ ` +
            `after the copy), so it was rolled back: ${target} is unchanged.`,
        );
      }
      // The copy is done and checked: `db` (the target, write lock held, foreign keys off) now holds
      // exactly the backup's content, not yet committed. Whatever must describe the restored file
      // rather than the backup it came from belongs here, in the same transaction.
      startNewLeaseEpoch(db);
      db.exec('COMMIT');
      restored = true;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    return { restored: target, previous };
  } catch (error) {
    if (previous) rmSync(previous, { force: true });
    const mapped = mapSqliteError(error, target);
    if (mapped instanceof NotADatabaseError && mapped.file === target) {
      throw new NotADatabaseError(
        target,
        'it is damaged, so its content cannot be replaced in place; move it aside (keep it: it is the only copy of ' +
          'its current content) and restore into the same path again',
        { cause: error },
      );
    }
    throw mapped;
  } finally {
    db.close();
    if (created && !restored)
      for (const side of ['', '-journal', '-wal', '-shm']) rmSync(`${target}${side}`, { force: true });
  }
}
