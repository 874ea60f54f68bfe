import { existsSync, rmSync } from 'node:fs';
import { ConflictError, NotFoundError } from '@forgedb/db-core';
import {
  findProjectFile,
  openDatabase,
  resolveDatabaseFile,
  type SqliteDatabase,
} from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';
import { DATABASE_FILE_NAMES, LEASE_STATE_TABLE, type DatabaseKind } from '@forgedb/schema';
import type { CellRow } from '../copy/cell.js';
import type { CopyLeaseState, CopySource } from '../copy/copy-source.js';
import { streamTables, type CopyReader, type TableCount } from '../copy/stream-tables.js';
import { verifyCopy } from '../copy/verify-copy.js';
import type { CopyTable } from '../copy/tables.js';
import { notNullColumns, readCellBatch, tableColumns, writeCellRows } from './copy-cells.js';

export type SqliteCopyLeaseState = CopyLeaseState;

export interface SqliteCopySide extends CopySource {
  close(): void;
}

type Databases = Partial<Record<DatabaseKind, SqliteDatabase>>;

function readerOf(dbs: Databases): CopyReader {
  return {
    hasTable: (table: CopyTable) => {
      const db = dbs[table.database];
      return Promise.resolve(db !== undefined && tableColumns(db, table.name) !== null);
    },
    batch: (table, afterId, limit) =>
      Promise.resolve(
        readCellBatch(dbs[table.database]!, table.name, afterId === null ? null : BigInt(afterId), limit),
      ),
    notNullColumns: (table) => {
      const db = dbs[table.database];
      return db ? notNullColumns(db, table.name) : new Set();
    },
  };
}

function leaseStateOf(db: SqliteDatabase | undefined): SqliteCopyLeaseState | null {
  if (!db || tableColumns(db, LEASE_STATE_TABLE) === null) return null;
  const row = db
    .prepare(`SELECT CAST(generation AS TEXT) AS generation, epoch FROM "${LEASE_STATE_TABLE}" WHERE id = 1`)
    .get() as SqliteCopyLeaseState | undefined;
  return row ?? null;
}

const closeAll = (dbs: Databases) => {
  for (const db of Object.values(dbs)) {
    if (db.inTransaction) db.exec('COMMIT');
    db.close();
  }
};

/**
 * Starts the read transaction every batch of the copy (and its verification) is read in. A
 * deferred BEGIN takes no snapshot until the first read, so one is made at once: the copy is the
 * file as it was when it was opened, whatever agents commit meanwhile (docs/decisions/0017).
 */
function beginSnapshot(db: SqliteDatabase): void {
  db.exec('BEGIN');
  db.prepare('SELECT count(*) FROM sqlite_master').get();
}

/**
 * A project directory's files read as stored, whatever their shape (never upgraded, never
 * written), each from one snapshot held until `close`: the source of a copy.
 */
export function openSqliteCopySource(projectDir: string): SqliteCopySide {
  const dbs: Databases = {};
  try {
    for (const kind of ['features', 'assistant'] as const) {
      const file = findProjectFile(projectDir, DATABASE_FILE_NAMES[kind]);
      if (!file) continue;
      const db = openDatabase({ file }, { readonly: true, mustExist: true });
      dbs[kind] = db;
      beginSnapshot(db);
    }
  } catch (error) {
    closeAll(dbs);
    throw error;
  }
  if (!dbs.features && !dbs.assistant) {
    throw new NotFoundError('project', projectDir, {
      hint: `${projectDir} holds no features.db or assistant.db to copy; nothing was changed.`,
    });
  }
  return {
    reader: readerOf(dbs),
    leaseState: leaseStateOf(dbs.features),
    label: projectDir,
    close: () => closeAll(dbs),
  };
}

export interface SqliteCopyTarget extends SqliteCopySide {
  write(table: CopyTable, rows: CellRow[]): Promise<void>;
  setLeaseState(state: SqliteCopyLeaseState): void;
  /** Removes the files made so far (a copy that failed leaves no half-filled project). */
  discard(): void;
}

/**
 * Fresh features.db and assistant.db in `projectDir`, migrated to forgedb's current schema: the
 * target of a copy out of PostgreSQL. A directory that already holds either file is refused
 * unless `replace`, which removes them (with their -wal and -shm) first.
 */
export function createSqliteCopyTarget(
  projectDir: string,
  options: { replace?: boolean } = {},
): SqliteCopyTarget {
  const files = (['features', 'assistant'] as const).map((kind) => ({
    kind,
    file: resolveDatabaseFile(projectDir, DATABASE_FILE_NAMES[kind]),
  }));
  const present = files.filter((f) => existsSync(f.file));
  if (present.length > 0 && !options.replace) {
    throw new ConflictError(
      'target_exists',
      `${present.map((f) => f.file).join(' and ')} already exist; pass --replace to replace them. Nothing was changed.`,
    );
  }
  const remove = () => {
    for (const { file } of files)
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  };
  remove();
  const dbs: Databases = {};
  try {
    for (const { kind, file } of files) {
      const db = openDatabase({ file });
      dbs[kind] = db;
      upgradeDatabase(db, kind, { backup: false });
    }
  } catch (error) {
    closeAll(dbs);
    remove();
    throw error;
  }
  return {
    reader: readerOf(dbs),
    leaseState: null,
    label: projectDir,
    write: (table, rows) => Promise.resolve(writeCellRows(dbs[table.database]!, table, rows)),
    setLeaseState: (state) => {
      dbs
        .features!.prepare(`UPDATE "${LEASE_STATE_TABLE}" SET generation = ?, epoch = ? WHERE id = 1`)
        .run(BigInt(state.generation), state.epoch);
    },
    close: () => closeAll(dbs),
    discard: () => {
      closeAll(dbs);
      remove();
    },
  };
}

/**
 * Copies `source` into fresh files in `projectDir` (`createSqliteCopyTarget`), then reads them
 * back and compares them with the source; a copy that fails or differs leaves no files behind.
 */
export async function copyIntoSqliteProject(
  projectDir: string,
  source: CopySource,
  options: { replace?: boolean; onProgress?: (table: string, rows: number) => void },
): Promise<TableCount[]> {
  const target = createSqliteCopyTarget(projectDir, { replace: options.replace });
  try {
    if (source.leaseState) target.setLeaseState(source.leaseState);
    const counts = await streamTables(
      source.reader,
      (table, rows) => target.write(table, rows),
      options.onProgress,
    );
    await verifyCopy(target.reader, source.reader);
    target.close();
    return counts;
  } catch (error) {
    target.discard();
    throw error;
  }
}
