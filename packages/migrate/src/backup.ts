import Database from 'better-sqlite3';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConflictError, NotADatabaseError, mapSqliteError, type SqliteDatabase } from '@forgedb/db-core';

export const DEFAULT_BACKUPS_KEPT = 5;

const BACKUP_MARK = '.backup-';

/** `20261123T063000123Z`: sorts by time as text, and is safe in every file system's names. */
function stamp(date = new Date()): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

export function defaultBackupPath(dbFile: string, date = new Date()): string {
  return `${dbFile}${BACKUP_MARK}${stamp(date)}-${process.pid}`;
}

/** Backups of `dbFile` next to it, oldest first. */
export function listBackups(dbFile: string): string[] {
  const dir = path.dirname(dbFile);
  const prefix = `${path.basename(dbFile)}${BACKUP_MARK}`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.startsWith(prefix) && !n.endsWith('.tmp'))
    .sort()
    .map((n) => path.join(dir, n));
}

export function pruneBackups(dbFile: string, keep: number): string[] {
  const all = listBackups(dbFile);
  const removed = all.slice(0, Math.max(0, all.length - keep));
  for (const f of removed) rmSync(f, { force: true });
  return removed;
}

export interface BackupResult {
  file: string;
  bytes: number;
}

/**
 * A consistent online copy: VACUUM INTO reads inside one read transaction, so writers in other
 * processes carry on (under WAL) and the copy is a single point in time. It is written under a
 * temporary name and renamed, so a killed backup never leaves a half file that looks complete.
 */
export function backupDatabase(db: SqliteDatabase, outFile?: string): BackupResult {
  const target = path.resolve(outFile ?? defaultBackupPath(db.name));
  if (existsSync(target)) {
    throw new ConflictError(
      'target_exists',
      `Backup target ${target} already exists; nothing was written. Choose another --out or remove it.`,
    );
  }
  const tmp = `${target}.tmp`;
  rmSync(tmp, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw mapSqliteError(error, db.name);
  }
  return { file: target, bytes: statSync(target).size };
}

/**
 * Puts a backup back through SQLite's backup API, which takes the target's locks like any
 * writer, so processes still holding the target open see the restored content instead of a
 * file swapped under them. The current content is backed up first, so a restore loses nothing.
 */
export async function restoreBackup(
  backupFile: string,
  targetFile: string,
): Promise<{ restored: string; previous: string | null }> {
  const source = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    const check = source.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new NotADatabaseError(backupFile, `backup fails integrity_check: ${String(check)}`);
    let previous: string | null = null;
    if (existsSync(targetFile) && statSync(targetFile).size > 0) {
      const current = new Database(targetFile, { fileMustExist: true });
      try {
        previous = backupDatabase(current, `${targetFile}${BACKUP_MARK}${stamp()}-before-restore`).file;
      } finally {
        current.close();
      }
    }
    await source.backup(targetFile);
    return { restored: targetFile, previous };
  } catch (error) {
    throw mapSqliteError(error, targetFile);
  } finally {
    source.close();
  }
}
