import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { Cell, CellRow } from '../copy/cell.js';
import { fallbackCell, type CopyTable } from '../copy/tables.js';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A value as better-sqlite3 hands it out with safe integers on, as the cell it was stored as. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'bigint') return { type: 'integer', value: String(value) };
  if (typeof value === 'number') return { type: 'real', value: String(value) };
  if (typeof value === 'string') return { type: 'text', value };
  if (value instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(value).toString('base64') };
  throw new TypeError(`Unexpected SQLite value of type ${typeof value}`);
}

/** A cell as the value that stores it with the same storage class. */
export function fromCell(cell: Cell): bigint | number | string | Buffer | null {
  switch (cell.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(cell.value);
    case 'real':
      return Number(cell.value);
    case 'text':
      return cell.value;
    case 'blob':
      return Buffer.from(cell.base64, 'base64');
  }
}

/** The table's columns, or null when the file has no such table. */
export function tableColumns(db: SqliteDatabase, table: string): string[] | null {
  const rows = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
  return rows.length === 0 ? null : rows.map((r) => r.name);
}

/** The table's columns declared NOT NULL. */
export function notNullColumns(db: SqliteDatabase, table: string): Set<string> {
  const rows = db.prepare(`SELECT name FROM pragma_table_info(?) WHERE "notnull"`).all(table) as {
    name: string;
  }[];
  return new Set(rows.map((r) => r.name));
}

/** One keyset batch of raw cells, ids after `afterId`, in id order. */
export function readCellBatch(
  db: SqliteDatabase,
  table: string,
  afterId: bigint | null,
  limit: number,
): CellRow[] {
  const statement = db
    .prepare(
      `SELECT * FROM ${quote(table)} ${afterId === null ? '' : 'WHERE id > ?'} ORDER BY id LIMIT ${limit}`,
    )
    .safeIntegers(true);
  const rows = (afterId === null ? statement.all() : statement.all(afterId)) as Record<string, unknown>[];
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toCell(v)])));
}

/**
 * Inserts rows of cells with their storage classes, adding the columns the table lacks (typeless,
 * so SQLite keeps any storage class there). A NULL kept from a legacy column that the current
 * schema declares NOT NULL is written as the value PostgreSQL held, as an upgrade would repair it
 * (docs/postgres.md#forgedb-copy).
 */
export function writeCellRows(db: SqliteDatabase, copyTable: CopyTable, rows: CellRow[]): void {
  if (rows.length === 0) return;
  const table = copyTable.name;
  const info = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
  const notNull = notNullColumns(db, table);
  const fallbacks = new Map(
    copyTable.columns
      .filter((c) => notNull.has(c.name) && c.fallback !== undefined)
      .map((c) => [c.name, fallbackCell(c)]),
  );
  const existing = new Set(info.map((c) => c.name));
  for (const name of Object.keys(rows[0]!)) {
    if (!existing.has(name)) {
      db.exec(`ALTER TABLE ${quote(table)} ADD COLUMN ${quote(name)}`);
      existing.add(name);
    }
  }
  const names = Object.keys(rows[0]!);
  const insert = db.prepare(
    `INSERT INTO ${quote(table)} (${names.map(quote).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
  );
  db.transaction(() => {
    for (const row of rows) {
      insert.run(
        names.map((n) => {
          const cell = row[n] ?? { type: 'null' };
          return fromCell(cell.type === 'null' ? (fallbacks.get(n) ?? cell) : cell);
        }),
      );
    }
  })();
}
