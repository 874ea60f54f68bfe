import { decodeUtf8, parseSqlaDateTime, stringifyPythonStyle } from '@forgedb/schema';
import type { Cell, CellRow } from './cell.js';
import type { CopyColumn, CopyTable } from './tables.js';

/**
 * A column's value on PostgreSQL, as SQL text parameters: integers as decimal text, booleans,
 * JSON as its text (cast to jsonb), DATETIME as SQLAlchemy text (read as UTC), or null.
 */
export type NativeValue = string | boolean | null;

export interface PgRowImage {
  values: Record<string, NativeValue>;
  extra: { columns?: CellRow; verbatim?: CellRow };
}

/** An integer cell the PostgreSQL store could not read back exactly (it reads bigint as a JavaScript number). */
export interface UnsafeInteger {
  table: string;
  rowId: string;
  column: string;
  value: string;
}

const INTEGER_TEXT = /^-?\d+$/;
const isSafe = (value: string) => Number.isSafeInteger(Number(value));

const cellText = (cell: Cell): string | null => {
  switch (cell.type) {
    case 'null':
      return null;
    case 'blob':
      return decodeUtf8(Buffer.from(cell.base64, 'base64'));
    default:
      return cell.value;
  }
};

/** Python's jsonb-free reading order is the text's; PostgreSQL's jsonb orders keys shorter first, then by bytes. */
function jsonbOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonbOrder);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort((a, b) => {
    const la = Buffer.byteLength(a);
    const lb = Buffer.byteLength(b);
    return la !== lb ? la - lb : Buffer.compare(Buffer.from(a), Buffer.from(b));
  });
  return Object.fromEntries(keys.map((k) => [k, jsonbOrder((value as Record<string, unknown>)[k])]));
}

/** The SQLite text a jsonb value is written back as: Python's separators over the value as jsonb hands it out. */
export const jsonbToSqliteText = (jsonbText: string): string =>
  stringifyPythonStyle(JSON.parse(jsonbText) as unknown);

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The native value for one cell, and whether the cell must also be kept verbatim because encoding
 * that value back the SQLite way would not give the cell itself.
 */
function encodeCell(column: CopyColumn, cell: Cell): { value: NativeValue; verbatim: boolean } {
  const fallback = (column.fallback ?? null) as NativeValue | unknown[];
  const fall = (): NativeValue =>
    Array.isArray(fallback)
      ? JSON.stringify(fallback)
      : typeof fallback === 'number'
        ? String(fallback)
        : fallback;
  if (cell.type === 'null') return { value: fall(), verbatim: column.fallback !== undefined };
  switch (column.kind) {
    case 'integer':
      if (cell.type === 'integer') return { value: cell.value, verbatim: false };
      if (cell.type === 'real' && Number.isSafeInteger(Number(cell.value)))
        return { value: cell.value, verbatim: true };
      if (cell.type === 'text' && INTEGER_TEXT.test(cell.value) && isSafe(cell.value))
        return { value: String(BigInt(cell.value)), verbatim: true };
      return { value: fall(), verbatim: true };
    case 'boolean':
      if (cell.type === 'integer' && (cell.value === '0' || cell.value === '1'))
        return { value: cell.value === '1', verbatim: false };
      return { value: cell.type === 'blob' ? true : Number(cell.value) !== 0, verbatim: true };
    case 'text':
    case 'dependencies': {
      if (cell.type === 'text') return { value: cell.value, verbatim: false };
      return { value: cellText(cell) ?? fall(), verbatim: true };
    }
    case 'json': {
      const text = cellText(cell);
      const parsed = text === null ? { ok: false as const } : tryParse(text);
      if (!parsed.ok || parsed.value === null) return { value: fall(), verbatim: true };
      const stored = JSON.stringify(jsonbOrder(parsed.value));
      // jsonb rejects \u0000 in strings; such a value lives only in its verbatim cell.
      if (stored.includes('\\u0000')) return { value: fall(), verbatim: true };
      return { value: stored, verbatim: cell.type !== 'text' || jsonbToSqliteText(stored) !== text };
    }
    case 'datetime': {
      const text = cellText(cell);
      if (text !== null && parseSqlaDateTime(text) !== null) {
        const canonical = /\.\d{6}$/.test(text)
          ? text
          : `${text}${text.includes('.') ? '' : '.'}`.padEnd(26, '0');
        return { value: canonical, verbatim: cell.type !== 'text' || canonical !== text };
      }
      return { value: fall(), verbatim: true };
    }
  }
}

/** A SQLite row as its PostgreSQL image: native values, plus the cells they cannot carry in `extra`. */
export function encodeRow(table: CopyTable, row: CellRow, unsafe: UnsafeInteger[]): PgRowImage {
  const values: Record<string, NativeValue> = {};
  const verbatim: CellRow = {};
  const known = new Set(table.columns.map((c) => c.name));
  const rowId = row.id && row.id.type !== 'null' && 'value' in row.id ? row.id.value : '?';
  for (const column of table.columns) {
    const cell = row[column.name];
    // A legacy file without the column: PostgreSQL's default, as an upgrade of the file would give.
    if (cell === undefined) continue;
    if (column.kind === 'integer' && cell.type === 'integer' && !isSafe(cell.value)) {
      unsafe.push({ table: table.name, rowId, column: column.name, value: cell.value });
    }
    const encoded = encodeCell(column, cell);
    values[column.name] = encoded.value;
    if (encoded.verbatim) verbatim[column.name] = cell;
  }
  const columns: CellRow = {};
  for (const [name, cell] of Object.entries(row)) if (!known.has(name)) columns[name] = cell;
  const extra: PgRowImage['extra'] = {};
  if (Object.keys(columns).length > 0) extra.columns = columns;
  if (Object.keys(verbatim).length > 0) extra.verbatim = verbatim;
  return { values, extra };
}

/**
 * A PostgreSQL row (every native column as text: integers decimal, booleans `t`/`f`, jsonb text,
 * DATETIME as SQLAlchemy text) back as SQLite cells: the native values encoded the SQLite way,
 * then the verbatim cells over them, then the extra columns.
 */
export function decodeRow(
  table: CopyTable,
  values: Record<string, string | null>,
  extra: PgRowImage['extra'],
): CellRow {
  const row: CellRow = {};
  for (const column of table.columns) {
    const value = values[column.name] ?? null;
    if (value === null) {
      row[column.name] = { type: 'null' };
      continue;
    }
    switch (column.kind) {
      case 'integer':
        row[column.name] = { type: 'integer', value };
        break;
      case 'boolean':
        row[column.name] = { type: 'integer', value: value === 't' || value === 'true' ? '1' : '0' };
        break;
      case 'json':
        row[column.name] = { type: 'text', value: jsonbToSqliteText(value) };
        break;
      default:
        row[column.name] = { type: 'text', value };
    }
  }
  Object.assign(row, extra.verbatim ?? {}, extra.columns ?? {});
  return row;
}
