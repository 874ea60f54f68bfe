import type { Statement } from 'better-sqlite3';

/** One result row in raw mode: its cells in the order the statement selects them. */
export type Cells = readonly unknown[];

/**
 * A prepared statement read in raw mode, each row built by `rowOf`. On Node 20 better-sqlite3
 * builds a row object one named property at a time and interns every column name again for every
 * row: for a feature row that cost more than SQLite's own work on the statement beyond the raw
 * baseline's (docs/benchmarks.md, "Profile: single-row calls"). An object literal of a fixed shape
 * over the cells costs next to nothing. Each `rowOf` is tested against the column list it mirrors.
 */
export interface RowStatement<Row> {
  /** The first row, or undefined when there is none (say, a guarded UPDATE that matched nothing). */
  get(...params: unknown[]): Row | undefined;
  all(...params: unknown[]): Row[];
}

export function rowStatement<Row>(stmt: Statement, rowOf: (cells: Cells) => Row): RowStatement<Row> {
  stmt.raw(true);
  return {
    get(...params) {
      const cells = stmt.get(...params) as Cells | undefined;
      return cells === undefined ? undefined : rowOf(cells);
    },
    all(...params) {
      return (stmt.all(...params) as Cells[]).map(rowOf);
    },
  };
}
