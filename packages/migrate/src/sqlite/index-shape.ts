import type { SqliteDatabase } from '@forgedb/db-core/sqlite';

/** An index as the file has it. */
export interface IndexShape {
  name: string;
  table: string;
  /** Indexed columns in order; an expression is listed as `(expression)`. */
  columns: string[];
  unique: boolean;
  partial: boolean;
}

/**
 * Every index of every table, by lower-cased table name, then lower-cased index name (SQLite names
 * are case-insensitive). One query for the whole file: the upgrade's first look runs this on every open.
 */
export function indexesByTable(db: SqliteDatabase): Map<string, Map<string, IndexShape>> {
  const rows = db
    .prepare(
      `SELECT m.name AS tbl, il.name AS name, il."unique" AS isUnique, il.partial AS partial, ii.name AS col
         FROM sqlite_master AS m, pragma_index_list(m.name) AS il, pragma_index_info(il.name) AS ii
        WHERE m.type = 'table'
        ORDER BY m.name, il.name, ii.seqno`,
    )
    .all() as { tbl: string; name: string; isUnique: number; partial: number; col: string | null }[];
  const tables = new Map<string, Map<string, IndexShape>>();
  for (const r of rows) {
    let indexes = tables.get(r.tbl.toLowerCase());
    if (!indexes) {
      indexes = new Map<string, IndexShape>();
      tables.set(r.tbl.toLowerCase(), indexes);
    }
    let shape = indexes.get(r.name.toLowerCase());
    if (!shape) {
      shape = { name: r.name, table: r.tbl, columns: [], unique: r.isUnique === 1, partial: r.partial === 1 };
      indexes.set(r.name.toLowerCase(), shape);
    }
    shape.columns.push(r.col ?? '(expression)');
  }
  return tables;
}

/** The table holding the index of that name, if any (index names are database-wide). */
export function indexTable(indexes: Map<string, Map<string, IndexShape>>, name: string): string | undefined {
  for (const byName of indexes.values()) {
    const found = byName.get(name.toLowerCase());
    if (found) return found.table;
  }
  return undefined;
}

/**
 * How an index differs from the expected one, in words, or null when it matches. The name alone
 * proves nothing: one legacy variant has `ix_feature_status` on (passes, in_progress).
 */
export function indexMismatch(
  actual: IndexShape,
  expected: { columns: string[]; isUnique: boolean },
): string | null {
  const differences: string[] = [];
  const lower = (cols: string[]) => cols.map((c) => c.toLowerCase()).join(',');
  if (lower(actual.columns) !== lower(expected.columns))
    differences.push(`covers (${actual.columns.join(', ')}), expected (${expected.columns.join(', ')})`);
  if (actual.unique !== expected.isUnique)
    differences.push(expected.isUnique ? 'is not UNIQUE' : 'is UNIQUE, expected not unique');
  if (actual.partial) differences.push('is partial (has a WHERE clause)');
  return differences.length > 0 ? differences.join('; ') : null;
}
