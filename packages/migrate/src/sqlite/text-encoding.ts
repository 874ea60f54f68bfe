import { isUtf8 } from 'node:buffer';
import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import { quoteIdent, tableColumns } from './introspect.js';

export interface UndecodableText {
  table: string;
  column: string;
  /** rowids (or primary keys of a WITHOUT ROWID table), as text so none is rounded. */
  rows: string[];
}

/** GLOB matches a byte >= 0x80 as a character outside 1..127, so only non-ASCII text reaches the decoder. */
const NON_ASCII = '*[^\u0001-\u007f]*';

/**
 * TEXT values in any table that are not valid UTF-8 (e.g. a lone UTF-16 surrogate written by a
 * tool that does not refuse one). SQLite stores such bytes as given; the Python app then fails
 * with "Could not decode to UTF-8" on every read of the table, while forgedb reads U+FFFD.
 * Only UTF-8 files are checked: the Python app and forgedb never create any other.
 */
export function findUndecodableText(db: SqliteDatabase): UndecodableText[] {
  if (String(db.pragma('encoding', { simple: true })).toUpperCase() !== 'UTF-8') return [];
  const tables = db
    .prepare(
      "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as { name: string; wr: number }[];
  const found: UndecodableText[] = [];
  for (const { name: table, wr } of tables) {
    const columns = tableColumns(db, table);
    if (columns.length === 0) continue;
    const key = wr
      ? columns
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => `quote(${quoteIdent(c.name)})`)
          .join(" || ', ' || ")
      : 'CAST(rowid AS TEXT)';
    const suspect = (c: string) => `(typeof(${c}) = 'text' AND ${c} GLOB @pattern)`;
    const cells = columns.map((c) => {
      const q = quoteIdent(c.name);
      return `CASE WHEN ${suspect(q)} THEN CAST(${q} AS BLOB) END`;
    });
    const rows = db
      .prepare(
        `SELECT ${key}, ${cells.join(', ')} FROM ${quoteIdent(table)} WHERE ${columns
          .map((c) => suspect(quoteIdent(c.name)))
          .join(' OR ')}`,
      )
      .raw()
      .iterate({ pattern: NON_ASCII }) as IterableIterator<unknown[]>;
    const bad = new Map<string, string[]>();
    for (const [id, ...values] of rows) {
      values.forEach((v, i) => {
        if (v instanceof Uint8Array && !isUtf8(v)) {
          const column = columns[i]!.name;
          const ids = bad.get(column) ?? [];
          ids.push(String(id));
          bad.set(column, ids);
        }
      });
    }
    for (const c of columns) {
      const ids = bad.get(c.name);
      if (ids) found.push({ table, column: c.name, rows: ids });
    }
  }
  return found;
}
