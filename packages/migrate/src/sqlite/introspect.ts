import type { SqliteDatabase } from '@forgedb/db-core/sqlite';

export interface ActualColumn {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** User tables (SQLite's own and forgedb's bookkeeping excluded). */
export function listTables(db: SqliteDatabase): string[] {
  return db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__forgedb_migrations' ORDER BY name",
    )
    .pluck()
    .all() as string[];
}

export function tableColumns(db: SqliteDatabase, table: string): ActualColumn[] {
  return db.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all() as ActualColumn[];
}

export function tableSql(db: SqliteDatabase, table: string): string {
  return (
    (db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
      .pluck()
      .get(table) as string) ?? ''
  );
}

/** Column names per table: compared before and after migrations to catch a rebuild that drops data. */
export function columnSets(db: SqliteDatabase): Map<string, Set<string>> {
  return new Map(listTables(db).map((t) => [t, new Set(tableColumns(db, t).map((c) => c.name))]));
}

export function foreignKeyViolations(db: SqliteDatabase): number {
  return db.prepare('PRAGMA foreign_key_check').all().length;
}
