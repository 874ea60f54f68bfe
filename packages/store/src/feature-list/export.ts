import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import {
  MEMORY,
  PROJECT_DATA_DIRS,
  ValidationError,
  mapSqliteError,
  type SqliteDatabase,
} from '@forgedb/db-core';
import { FEATURE_KEYS, readDependencyEntries, serializeFeature, type FeatureRowLike } from '@forgedb/schema';
import { UnsafeIdError } from '../errors.js';
import { SAFE_ID } from '../features/feature-statements.js';

export const FEATURE_EXPORT_FILE = 'feature_list_export.json';

export interface ExportResult {
  file: string;
  count: number;
}

/** Columns of spec section 5; a legacy file that lacks some reads them as NULL (the serializer's defaults). */
const EXPORT_COLUMNS = FEATURE_KEYS;

/** A row as exported, with its id as text when a JavaScript number cannot hold it. */
type ExportRow = FeatureRowLike & { unsafe_id: string | null };

/** What in a row an export would have to round: its id, or dependency ids, beyond the safe range. */
function unsafeIdsOf(row: ExportRow): { ids: string[]; what: string } | null {
  if (row.unsafe_id !== null) return { ids: [row.unsafe_id], what: `feature ${row.unsafe_id}` };
  const { outOfRange } = readDependencyEntries(row.dependencies);
  if (outOfRange.length === 0) return null;
  return { ids: outOfRange, what: `feature ${row.id} depends on ${outOfRange.join(', ')}` };
}

function unsafeIdError(file: string, problems: { ids: string[]; what: string }[]): UnsafeIdError {
  const shown = problems.slice(0, 10).map((p) => p.what);
  if (problems.length > 10) shown.push(`and ${problems.length - 10} more`);
  return new UnsafeIdError(
    [...new Set(problems.flatMap((p) => p.ids))],
    `${file} holds feature ids beyond ${Number.MAX_SAFE_INTEGER}, the largest a JavaScript number holds ` +
      `exactly (written by another tool): ${shown.join('; ')}. An export would have to round them, so ` +
      'nothing was exported and any earlier export file is unchanged. Give those features smaller ids ' +
      '(e.g. with sqlite3); `forgedb verify` lists them.',
  );
}

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
 * A file holding feature ids beyond JavaScript's safe integer range is refused (`UnsafeIdError`,
 * naming them all), as writing them would round them into other ids.
 */
export function exportFeatureList(db: SqliteDatabase, outFile?: string): ExportResult {
  const file = path.resolve(outFile ?? defaultExportFile(db));
  const present = new Set(
    (db.prepare('PRAGMA table_info(features)').all() as { name: string }[]).map((c) => c.name),
  );
  if (present.size === 0)
    throw new ValidationError(`${db.name} has no features table; nothing was exported.`);
  const select = db.prepare(
    `SELECT ${EXPORT_COLUMNS.map((c) => (present.has(c) ? `"${c}"` : `NULL AS "${c}"`)).join(', ')},
            CASE WHEN ${SAFE_ID} THEN NULL ELSE CAST(id AS TEXT) END AS unsafe_id
     FROM features ORDER BY priority ASC, id ASC`,
  );

  const tmp = `${file}.tmp-${process.pid}`;
  let fd: number | undefined;
  let count = 0;
  try {
    fd = openSync(tmp, 'w');
    let pending = '[';
    const unsafe: { ids: string[]; what: string }[] = [];
    for (const row of select.iterate() as IterableIterator<ExportRow>) {
      // Every row is still read, so that the refusal names all of them.
      const problem = unsafeIdsOf(row);
      if (problem !== null) unsafe.push(problem);
      if (unsafe.length > 0) continue;
      // Nesting one level deeper than JSON.stringify's own output is a 2-space indent of every line;
      // JSON strings never hold a raw newline, so splitting on '\n' only ever meets structure.
      pending += `${count === 0 ? '\n  ' : ',\n  '}${JSON.stringify(serializeFeature(row), null, 2).replace(/\n/g, '\n  ')}`;
      count++;
      if (pending.length >= FLUSH_BYTES) {
        writeSync(fd, pending);
        pending = '';
      }
    }
    if (unsafe.length > 0) throw unsafeIdError(db.name, unsafe);
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
