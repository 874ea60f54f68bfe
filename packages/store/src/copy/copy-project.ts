import { ValidationError } from '@forgedb/db-core';
import { cellsEqual, describeCell, type CellRow } from './cell.js';
import { COPY_TABLES, fallbackCell, type CopyTable } from './tables.js';

/** Rows per keyset batch: memory stays bounded by one batch per side. */
export const COPY_BATCH = 500;

/** Reads one side of a copy as SQLite cells, in id order, one keyset batch at a time. */
export interface CopyReader {
  /** Null when this side has no such table (a legacy file without schedules, no assistant.db). */
  hasTable(table: CopyTable): Promise<boolean>;
  batch(table: CopyTable, afterId: string | null, limit: number): Promise<CellRow[]>;
  /** A SQLite side: the columns its table declares NOT NULL, where a NULL kept from a legacy file is written as the value PostgreSQL holds. */
  notNullColumns?(table: CopyTable): Set<string>;
}

export interface TableCount {
  table: string;
  rows: number;
}

const lastId = (rows: CellRow[]): string => {
  const id = rows[rows.length - 1]!.id;
  return id && 'value' in id ? id.value : '0';
};

/** Streams every table of `from` into `write`, a batch at a time; returns the row counts. */
export async function streamTables(
  from: CopyReader,
  write: (table: CopyTable, rows: CellRow[]) => Promise<void>,
  onProgress?: (table: string, rows: number) => void,
): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const table of COPY_TABLES) {
    let rows = 0;
    if (await from.hasTable(table)) {
      let after: string | null = null;
      for (;;) {
        const batch = await from.batch(table, after, COPY_BATCH);
        if (batch.length === 0) break;
        await write(table, batch);
        rows += batch.length;
        onProgress?.(table.name, rows);
        after = lastId(batch);
      }
    }
    counts.push({ table: table.name, rows });
  }
  return counts;
}

/**
 * Compares the SQLite side with the PostgreSQL side row by row: every column the SQLite row has,
 * storage class and value (docs/postgres.md#lossless-per-column). Throws a ValidationError naming
 * the first differences.
 */
export async function verifyCopy(sqlite: CopyReader, pg: CopyReader): Promise<void> {
  const differences: string[] = [];
  for (const table of COPY_TABLES) {
    const hasTable = await sqlite.hasTable(table);
    let after: string | null = null;
    for (;;) {
      const left = hasTable ? await sqlite.batch(table, after, COPY_BATCH) : [];
      const right = await pg.batch(table, after, COPY_BATCH);
      const n = Math.max(left.length, right.length);
      for (let i = 0; i < n; i++) {
        const a = left[i];
        const b = right[i];
        if (!a || !b) {
          differences.push(`${table.name}: row ${describeCell((a ?? b)!.id)} is on one side only`);
          continue;
        }
        const notNull = sqlite.notNullColumns?.(table) ?? new Set<string>();
        for (const [column, cell] of Object.entries(a)) {
          let expected = b[column];
          const spec = table.columns.find((c) => c.name === column);
          if (expected?.type === 'null' && notNull.has(column) && spec?.fallback !== undefined) {
            expected = fallbackCell(spec);
          }
          if (!cellsEqual(cell, expected)) {
            differences.push(
              `${table.name} id ${describeCell(a.id)} column ${column}: SQLite ${describeCell(cell)}, PostgreSQL gives ${describeCell(b[column])}`,
            );
          }
        }
      }
      if (n === 0 || differences.length > 20) break;
      after = lastId(left.length >= right.length ? left : right);
    }
  }
  if (differences.length > 0) {
    throw new ValidationError(
      'input',
      `The copy does not hold the same data on both sides:\n  ${differences.slice(0, 20).join('\n  ')}`,
      differences.slice(0, 20).map((message) => ({ path: 'copy', message })),
    );
  }
}
