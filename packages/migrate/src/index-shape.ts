import type { SqliteDatabase } from '@forgedb/db-core';
import { quoteIdent } from './introspect.js';

/** An index as the file has it. */
export interface IndexShape {
  name: string;
  table: string;
  /** Indexed columns in order; an expression is listed as `(expression)`. */
  columns: string[];
  unique: boolean;
  partial: boolean;
}

/** The index of that name (index names are database-wide and case-insensitive), or undefined. */
export function indexShape(db: SqliteDatabase, name: string): IndexShape | undefined {
  const row = db
    .prepare(
      "SELECT name, tbl_name AS tbl FROM sqlite_master WHERE type = 'index' AND name = ? COLLATE NOCASE",
    )
    .get(name) as { name: string; tbl: string } | undefined;
  if (!row) return undefined;
  const info = db.prepare(`PRAGMA index_info(${quoteIdent(row.name)})`).all() as {
    seqno: number;
    name: string | null;
  }[];
  const list = db.prepare(`PRAGMA index_list(${quoteIdent(row.tbl)})`).all() as {
    name: string;
    unique: number;
    partial: number;
  }[];
  const entry = list.find((l) => l.name === row.name);
  return {
    name: row.name,
    table: row.tbl,
    columns: [...info].sort((a, b) => a.seqno - b.seqno).map((c) => c.name ?? '(expression)'),
    unique: entry?.unique === 1,
    partial: entry?.partial === 1,
  };
}

/**
 * How an index differs from the expected one on `table`, in words, or null when it matches. The
 * name alone proves nothing: one legacy variant has `ix_feature_status` on (passes, in_progress).
 */
export function indexMismatch(
  actual: IndexShape,
  expected: { name: string; columns: string[]; isUnique: boolean },
  table: string,
): string | null {
  if (actual.table.toLowerCase() !== table.toLowerCase())
    return `the name ${expected.name} is taken by an index on ${actual.table}`;
  const differences: string[] = [];
  const lower = (cols: string[]) => cols.map((c) => c.toLowerCase()).join(',');
  if (lower(actual.columns) !== lower(expected.columns))
    differences.push(`covers (${actual.columns.join(', ')}), expected (${expected.columns.join(', ')})`);
  if (actual.unique !== expected.isUnique)
    differences.push(expected.isUnique ? 'is not UNIQUE' : 'is UNIQUE, expected not unique');
  if (actual.partial) differences.push('is partial (has a WHERE clause)');
  return differences.length > 0 ? differences.join('; ') : null;
}
