import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import {
  MEMORY,
  PROJECT_DATA_DIRS,
  ValidationError,
  mapSqliteError,
  type SqliteDatabase,
} from '@forgedb/db-core';
import { FEATURE_KEYS, serializeFeature, type FeatureRowLike } from '@forgedb/schema';

export const FEATURE_EXPORT_FILE = 'feature_list_export.json';

export interface ExportResult {
  file: string;
  count: number;
}

/** Columns of spec section 5; a legacy file that lacks some reads them as NULL (the serializer's defaults). */
const EXPORT_COLUMNS = FEATURE_KEYS;

const FLUSH_BYTES = 1 << 20;

/** The project a features.db belongs to: the parent of `.autoforge/` or `.autocoder/`, else its own directory. */
export function projectDirOf(dbFile: string): string {
  const dir = path.dirname(path.resolve(dbFile));
  const layouts: readonly string[] = PROJECT_DATA_DIRS.filter((d) => d !== '');
  return layouts.includes(path.basename(dir)) ? path.dirname(dir) : dir;
}

export function defaultExportFile(db: SqliteDatabase): string {
  if (db.name === MEMORY || db.name === '') {
    throw new ValidationError(
      'An in-memory database has no project directory; pass an output file to export it.',
    );
  }
  return path.join(projectDirOf(db.name), FEATURE_EXPORT_FILE);
}

/**
 * Writes every feature, ordered by priority then id and serialized per spec section 5, as a JSON
 * array with 2-space indentation: byte for byte what `JSON.stringify(features, null, 2)` gives.
 * Rows are streamed and written in chunks, so memory stays flat at any backlog size; the file is
 * written under a temporary name and renamed, so a failed export never leaves a half file behind.
 */
export function exportFeatureList(db: SqliteDatabase, outFile?: string): ExportResult {
  const file = path.resolve(outFile ?? defaultExportFile(db));
  const present = new Set(
    (db.prepare('PRAGMA table_info(features)').all() as { name: string }[]).map((c) => c.name),
  );
  if (present.size === 0)
    throw new ValidationError(`${db.name} has no features table; nothing was exported.`);
  const select = db.prepare(
    `SELECT ${EXPORT_COLUMNS.map((c) => (present.has(c) ? `"${c}"` : `NULL AS "${c}"`)).join(', ')}
     FROM features ORDER BY priority ASC, id ASC`,
  );

  const tmp = `${file}.tmp-${process.pid}`;
  let fd: number | undefined;
  let count = 0;
  try {
    fd = openSync(tmp, 'w');
    let pending = '[';
    for (const row of select.iterate() as IterableIterator<FeatureRowLike>) {
      // Nesting one level deeper than JSON.stringify's own output is a 2-space indent of every line;
      // JSON strings never hold a raw newline, so splitting on '\n' only ever meets structure.
      pending += `${count === 0 ? '\n  ' : ',\n  '}${JSON.stringify(serializeFeature(row), null, 2).replace(/\n/g, '\n  ')}`;
      count++;
      if (pending.length >= FLUSH_BYTES) {
        writeSync(fd, pending);
        pending = '';
      }
    }
    pending += count === 0 ? ']' : '\n]';
    writeSync(fd, pending);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw mapSqliteError(error, db.name);
  }
  return { file, count };
}
