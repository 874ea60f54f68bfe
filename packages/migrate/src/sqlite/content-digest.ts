import { createHash, type Hash } from 'node:crypto';
import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import { quoteIdent } from './introspect.js';

/** The first of SQLite's rowid aliases that no column of the table shadows, or null. */
export function rowidAlias(columns: readonly string[]): string | null {
  const names = new Set(columns.map((c) => c.toLowerCase()));
  return ['rowid', '_rowid_', 'oid'].find((a) => !names.has(a)) ?? null;
}

interface TableListRow {
  name: string;
  type: string;
  wr: number;
}

export interface StoredTable {
  name: string;
  withRowid: boolean;
  /** Created and owned by a virtual table (FTS5's `x_data`, ...): it holds that table's rows. */
  shadow: boolean;
}

/** The tables of `schema` that hold rows, by name (virtual tables hold theirs in shadow tables). */
export function storedTables(db: SqliteDatabase, schema: string): StoredTable[] {
  return (db.prepare(`PRAGMA ${quoteIdent(schema)}.table_list`).all() as TableListRow[])
    .filter(
      (t) =>
        (t.type === 'table' || t.type === 'shadow') &&
        t.name !== 'sqlite_schema' &&
        t.name !== 'sqlite_temp_schema',
    )
    .map((t) => ({ name: t.name, withRowid: t.wr === 0, shadow: t.type === 'shadow' }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function hashRows(db: SqliteDatabase, schema: string, table: StoredTable, h: Hash): void {
  const from = `${quoteIdent(schema)}.${quoteIdent(table.name)}`;
  const columns = (
    db.prepare(`PRAGMA ${quoteIdent(schema)}.table_info(${quoteIdent(table.name)})`).all() as {
      name: string;
    }[]
  ).map((c) => c.name);
  const alias = table.withRowid ? rowidAlias(columns) : null;
  const sql = alias ? `SELECT ${alias}, * FROM ${from} ORDER BY ${alias}` : `SELECT * FROM ${from}`;
  // Integers as bigints: a value beyond 2^53 must not be rounded into equality with another.
  for (const row of db.prepare(sql).raw().safeIntegers(true).iterate()) {
    // BLOBs serialize as their bytes; bigints get a suffix so 1 and 1.0 never hash alike.
    h.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
    h.update('\n');
  }
}

/**
 * sha256 over everything a copy of a database must keep: every schema entry as SQLite stores it
 * (tables, indexes, views and triggers, without their page numbers), every row of every table
 * with its rowid, and the user_version and application_id header values. Two databases with the
 * same digest hold the same content, whatever their page layout. `schema` names an attached one.
 */
export function contentDigest(db: SqliteDatabase, schema = 'main'): string {
  const h = createHash('sha256');
  const s = quoteIdent(schema);
  for (const entry of db
    .prepare(`SELECT type, name, tbl_name, sql FROM ${s}.sqlite_master ORDER BY type, name`)
    .raw()
    .iterate())
    h.update(`${JSON.stringify(entry)}\n`);
  h.update(`user_version ${String(db.pragma(`${s}.user_version`, { simple: true }))}\n`);
  h.update(`application_id ${String(db.pragma(`${s}.application_id`, { simple: true }))}\n`);
  for (const table of storedTables(db, schema)) {
    h.update(`table ${table.name}\n`);
    hashRows(db, schema, table, h);
  }
  return h.digest('hex');
}
