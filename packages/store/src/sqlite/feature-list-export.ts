import { closeSync, existsSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { ValidationError } from '@forgedb/db-core';
import { MEMORY, PROJECT_DATA_DIRS, mapSqliteError, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { FEATURE_KEYS, readDependencyEntries, serializeFeature, type FeatureRowLike } from '@forgedb/schema';
import { UnsafeIdError } from '../errors.js';
import { FEATURE_EXPORT_FILE, type ExportFileOptions, type ExportResult } from '../feature-list/types.js';
import { ExportFile } from '../feature-list/export-file.js';
import { SAFE_ID } from './feature-statements.js';

/** Columns of a feature result (docs/contracts.md#feature-results); a legacy file that lacks some reads them as NULL (the serializer's defaults). */
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

/** The first bytes of a SQLite database, a WAL file (two byte orders) and a rollback journal. */
const DATABASE_MAGIC = [
  Buffer.from('SQLite format 3\0', 'latin1'),
  Buffer.from([0x37, 0x7f, 0x06, 0x82]),
  Buffer.from([0x37, 0x7f, 0x06, 0x83]),
  Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]),
];

function startsLikeDatabase(file: string): boolean {
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, head, 0, head.length, 0);
    return DATABASE_MAGIC.some((magic) => n >= magic.length && head.subarray(0, magic.length).equals(magic));
  } finally {
    closeSync(fd);
  }
}

const realPath = (file: string) => (existsSync(file) ? realpathSync(file) : path.resolve(file));

/**
 * The export replaces its target, so a target that is a database (the one being exported, its
 * -wal/-shm/-journal, or any SQLite file, such as the project's assistant.db) would be destroyed
 * with JSON: refused before anything is written.
 */
function refuseDatabaseTarget(file: string, db: SqliteDatabase): void {
  const own =
    db.name === MEMORY || db.name === ''
      ? []
      : ['', '-wal', '-shm', '-journal'].map((s) => realPath(`${db.name}${s}`));
  if (own.includes(realPath(file)))
    throw new ValidationError(
      'export_target',
      `${file} is a database file of ${db.name}; nothing was exported. Choose an --out file that is not a database.`,
      [{ path: 'outFile', message: 'is the database being exported' }],
    );
  if (!existsSync(file)) return;
  if (statSync(file).isDirectory())
    throw new ValidationError(
      'export_target',
      `${file} is a directory; nothing was exported. Name the file to write.`,
      [{ path: 'outFile', message: 'is a directory' }],
    );
  if (startsLikeDatabase(file))
    throw new ValidationError(
      'export_target',
      `${file} is a SQLite database (or its -wal or -journal); nothing was exported and it was left as it was. ` +
        'Choose an --out file that is not a database.',
      [{ path: 'outFile', message: 'is a SQLite database' }],
    );
}

/** The project a features.db belongs to: the parent of `.autoforge/` or `.autocoder/`, else its own directory. */
export function projectDirOf(dbFile: string): string {
  const dir = path.dirname(path.resolve(dbFile));
  const layouts: readonly string[] = PROJECT_DATA_DIRS.filter((d) => d !== '');
  return layouts.includes(path.basename(dir)) ? path.dirname(dir) : dir;
}

export function defaultExportFile(db: SqliteDatabase): string {
  if (db.name === MEMORY || db.name === '') {
    throw new ValidationError(
      'export_target',
      'An in-memory database has no project directory; pass an output file to export it.',
    );
  }
  return path.join(projectDirOf(db.name), FEATURE_EXPORT_FILE);
}

/**
 * Writes every feature, ordered by priority then id and serialized as docs/contracts.md#feature-results says, as a JSON
 * array with 2-space indentation: byte for byte what `JSON.stringify(features, null, 2)` gives.
 * Rows are streamed into an `ExportFile` (chunked writes, temporary name, sync and rename), so
 * memory stays flat and a failed export leaves the previous one as it was. A target that is a
 * database is refused before anything is written.
 * A file holding feature ids beyond JavaScript's safe integer range is refused (`UnsafeIdError`,
 * naming them all), as writing them would round them into other ids.
 */
export function exportFeatureList(
  db: SqliteDatabase,
  outFile?: string,
  options: ExportFileOptions = {},
): ExportResult {
  const file = path.resolve(outFile ?? defaultExportFile(db));
  refuseDatabaseTarget(file, db);
  const present = new Set(
    (db.prepare('PRAGMA table_info(features)').all() as { name: string }[]).map((c) => c.name),
  );
  if (present.size === 0)
    throw new ValidationError('export_source', `${db.name} has no features table; nothing was exported.`);
  const select = db.prepare(
    `SELECT ${EXPORT_COLUMNS.map((c) => (present.has(c) ? `"${c}"` : `NULL AS "${c}"`)).join(', ')},
            CASE WHEN ${SAFE_ID} THEN NULL ELSE CAST(id AS TEXT) END AS unsafe_id
     FROM features ORDER BY priority ASC, id ASC`,
  );

  const out = ExportFile.open(file, options);
  try {
    const unsafe: { ids: string[]; what: string }[] = [];
    for (const row of select.iterate() as IterableIterator<ExportRow>) {
      // Every row is still read, so that the refusal names all of them.
      const problem = unsafeIdsOf(row);
      if (problem !== null) unsafe.push(problem);
      if (unsafe.length === 0) out.add(serializeFeature(row));
    }
    if (unsafe.length > 0) throw unsafeIdError(db.name, unsafe);
    out.commit();
  } catch (error) {
    throw out.discard(error, (other) => mapSqliteError(other, db.name));
  }
  return { file, count: out.count };
}
