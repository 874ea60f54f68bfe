import { closeSync, existsSync, openSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { ForgeDbError, ValidationError } from '@forgedb/db-core';
import { findProjectFile, writeTransaction, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { featureFromEntry } from '../feature-list/feature-entry.js';
import { readJsonArray } from '../feature-list/json-array-reader.js';
import {
  FEATURE_LIST_FILE,
  backupStamp,
  type ImportOptions,
  type ImportResult,
} from '../feature-list/types.js';

const PROGRESS_EVERY = 1000;

function featureCount(db: SqliteDatabase): number {
  return db.prepare('SELECT count(*) FROM features').pluck().get() as number;
}

/** SQLite reports a duplicate primary key as SQLITE_CONSTRAINT_PRIMARYKEY; ForgeDbErrors pass through. */
function insertError(error: unknown, index: number, id: number, file: string): unknown {
  if (error instanceof ForgeDbError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return new ValidationError(
      'feature_list',
      `${file} entry ${index}: id ${id} is used by an earlier entry. Nothing was imported.`,
      [{ path: `[${index}].id`, message: 'duplicate id' }],
    );
  }
  return error;
}

/**
 * Imports a legacy `feature_list.json` into an empty features table (docs/contracts.md#5-feature_listjson): all
 * entries in one write transaction or none, then the file is renamed to
 * `feature_list.json.backup.<YYYYMMDD_HHMMSS>`. The file is streamed entry by entry into one
 * prepared INSERT, so memory stays flat however long the list is.
 *
 * Skips (no error) when there is no feature_list.json or the database already holds features.
 * Throws a typed error (ValidationError for bad content) and leaves the file where it was when
 * the file is unreadable, not a JSON array, or an entry cannot be inserted.
 */
export function importFeatureList(
  db: SqliteDatabase,
  projectDir: string,
  options: ImportOptions = {},
): ImportResult {
  const source = findProjectFile(projectDir, FEATURE_LIST_FILE);
  if (!source) return { imported: 0, skipped: 'no_feature_list' };
  // A cheap look first, so a project that already has features never reads its old list.
  if (featureCount(db) > 0) return { imported: 0, skipped: 'database_not_empty', source };

  const label = path.relative(process.cwd(), source) || source;
  const insert = db.prepare(
    `INSERT INTO features (id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input)
     VALUES (@id, @priority, @category, @name, @description, @steps, @passes, @in_progress, @dependencies, 0)`,
  );
  const onProgress = options.onProgress;
  let totalBytes: number;
  try {
    // Unreadable files fail here, before the write lock is taken.
    closeSync(openSync(source, 'r'));
    totalBytes = statSync(source).size;
  } catch (error) {
    throw unreadable(error, label);
  }

  const imported = writeTransaction(db, () => {
    // Decided again under the write lock: another process may have filled the table meanwhile.
    if (featureCount(db) > 0) return null;
    let count = 0;
    try {
      for (const { index, value, bytesRead } of readJsonArray(source, label)) {
        const row = featureFromEntry(value, index);
        try {
          insert.run(row);
        } catch (error) {
          throw insertError(error, index, row.id, label);
        }
        count++;
        if (onProgress && count % PROGRESS_EVERY === 0)
          onProgress({ imported: count, bytesRead, totalBytes });
      }
    } catch (error) {
      throw unreadable(error, label);
    }
    return count;
  });
  if (imported === null) return { imported: 0, skipped: 'database_not_empty', source };
  onProgress?.({ imported, bytesRead: totalBytes, totalBytes });

  const result: ImportResult = { imported, source };
  const base = `${source}.backup.${backupStamp(options.now ?? new Date())}`;
  let backupFile = base;
  // Never overwrite an earlier backup: a second import within the same second gets a suffix.
  for (let n = 1; existsSync(backupFile); n++) backupFile = `${base}.${n}`;
  try {
    renameSync(source, backupFile);
    result.backupFile = backupFile;
  } catch (error) {
    result.warning =
      `Imported ${imported} feature(s), but could not rename ${label} to ${path.basename(backupFile)} ` +
      `(${(error as Error).message}). Remove or rename it yourself; it is ignored while the database holds features.`;
  }
  return result;
}

/** File-system failures (missing, unreadable, a directory) become an IO error naming the file; everything else passes. */
function unreadable(error: unknown, label: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (error instanceof ForgeDbError || typeof e?.syscall !== 'string') return error;
  return new ForgeDbError(
    'IO',
    `Cannot read ${label} (${e.code ?? e.message}). Nothing was imported; the file was left in place.`,
    {
      cause: error,
    },
  );
}
