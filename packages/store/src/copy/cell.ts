/**
 * A SQLite cell exactly as stored, with its storage class (the same shape as `SqliteCell` in
 * `@forgedb/schema/pg`, which dialect-free code may not import): integers as decimal text, reals
 * as their shortest round-trip text, blobs as base64.
 */
export type Cell =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'real'; value: string }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

/** A row as SQLite cells by column name: the form both sides of a copy are compared in. */
export type CellRow = Record<string, Cell>;

export const NULL_CELL: Cell = { type: 'null' };

export function cellsEqual(a: Cell | undefined, b: Cell | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.type !== b.type) return false;
  if (a.type === 'null') return true;
  if (a.type === 'blob') return a.base64 === (b as { base64: string }).base64;
  return a.value === (b as { value: string }).value;
}

export const describeCell = (cell: Cell | undefined): string =>
  cell === undefined
    ? 'no such column'
    : cell.type === 'null'
      ? 'NULL'
      : cell.type === 'blob'
        ? `BLOB ${cell.base64}`
        : `${cell.type} ${JSON.stringify(cell.value)}`;
