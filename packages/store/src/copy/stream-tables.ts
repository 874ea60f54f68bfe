import type { CellRow } from './cell.js';
import { COPY_TABLES, type CopyTable } from './tables.js';

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

export const lastId = (rows: CellRow[]): string => {
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
