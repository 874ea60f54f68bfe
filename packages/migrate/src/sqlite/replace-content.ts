import { SchemaError } from '@forgedb/db-core';
import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import { rowidAlias, storedTables } from './content-digest.js';
import { quoteIdent } from './introspect.js';

interface SchemaEntry {
  type: 'table' | 'index' | 'view' | 'trigger';
  name: string;
  sql: string | null;
}

const STAT_TABLES = ['sqlite_stat1', 'sqlite_stat4'];
const isInternal = (name: string) => name.startsWith('sqlite_');

function entries(db: SqliteDatabase, schema: string): SchemaEntry[] {
  // rowid order is creation order: a table comes before the indexes, views and triggers on it.
  return db
    .prepare(`SELECT type, name, sql FROM ${quoteIdent(schema)}.sqlite_master ORDER BY rowid`)
    .all() as SchemaEntry[];
}

function columnsOf(db: SqliteDatabase, schema: string, table: string): string[] {
  // table_xinfo lists generated columns too (hidden 2 or 3): they are computed, never inserted.
  return (
    db.prepare(`PRAGMA ${quoteIdent(schema)}.table_xinfo(${quoteIdent(table)})`).all() as {
      name: string;
      hidden: number;
    }[]
  )
    .filter((c) => c.hidden === 0)
    .map((c) => c.name);
}

function copyRows(db: SqliteDatabase, from: string, table: string, withRowid: boolean): void {
  const columns = columnsOf(db, from, table);
  const alias = withRowid ? rowidAlias(columns) : null;
  const list = [...(alias ? [alias] : []), ...columns].map(quoteIdent).join(', ');
  db.exec(`DELETE FROM main.${quoteIdent(table)}`);
  db.exec(
    `INSERT INTO main.${quoteIdent(table)} (${list}) SELECT ${list} FROM ${quoteIdent(from)}.${quoteIdent(table)}`,
  );
}

/**
 * Replaces the whole content of `main` with that of the attached schema `from`, inside the
 * caller's write transaction (foreign keys must be off: tables are dropped and refilled). It is
 * rebuilt from the source's own SQL in the source's creation order: tables, their rows with their
 * rowids, AUTOINCREMENT counters and ANALYZE statistics, then indexes, views and triggers (after
 * the rows, so no trigger fires on the copy), then user_version and application_id. The caller
 * compares contentDigest of both schemas afterwards, so anything not reproduced exactly fails
 * that check and rolls back. Virtual tables are refused: their shadow tables cannot be refilled.
 */
export function replaceContent(db: SqliteDatabase, from: string): void {
  const source = entries(db, from);
  const virtual = source.find((e) => e.type === 'table' && /^CREATE\s+VIRTUAL\s+TABLE/i.test(e.sql ?? ''));
  if (virtual) {
    throw new SchemaError(
      `The backup holds the virtual table ${virtual.name}, whose content forgedb cannot copy table by table. ` +
        'Nothing was restored; stop every process using the database and copy the backup file in place instead.',
    );
  }
  for (const type of ['trigger', 'view', 'table'] as const) {
    for (const e of entries(db, 'main').filter((x) => x.type === type && !isInternal(x.name)))
      db.exec(`DROP ${type.toUpperCase()} main.${quoteIdent(e.name)}`);
  }
  for (const stat of STAT_TABLES) db.exec(`DROP TABLE IF EXISTS main.${stat}`);

  for (const e of source.filter((x) => x.type === 'table' && !isInternal(x.name))) db.exec(e.sql!);
  const tables = storedTables(db, from);
  for (const t of tables.filter((x) => !isInternal(x.name))) copyRows(db, from, t.name, t.withRowid);
  // Created with the first AUTOINCREMENT table; the source's counters replace the copy's.
  const hasSequence = (schema: string) => storedTables(db, schema).some((t) => t.name === 'sqlite_sequence');
  if (hasSequence('main')) {
    if (hasSequence(from)) copyRows(db, from, 'sqlite_sequence', true);
    else db.exec('DELETE FROM main.sqlite_sequence');
  }
  const stats = tables.map((t) => t.name).filter((n) => STAT_TABLES.includes(n));
  if (stats.length > 0) {
    // SQLite reserves the sqlite_stat names: ANALYZE of the schema table creates them, empty.
    db.exec('ANALYZE main.sqlite_master');
    for (const stat of STAT_TABLES) {
      if (stats.includes(stat)) copyRows(db, from, stat, true);
      else db.exec(`DROP TABLE IF EXISTS main.${stat}`);
    }
  }

  for (const type of ['index', 'view', 'trigger'] as const) {
    for (const e of source.filter((x) => x.type === type && x.sql !== null)) db.exec(e.sql!);
  }
  for (const pragma of ['user_version', 'application_id']) {
    const value = Number(db.pragma(`${quoteIdent(from)}.${pragma}`, { simple: true }));
    db.pragma(`main.${pragma} = ${value}`);
  }
}
