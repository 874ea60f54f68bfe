import { decodeUtf8 } from './text-cell.js';

/**
 * The deepest nesting SQLite's JSON functions accept (`json_valid` is 0 beyond it, so `forgedb
 * verify` reports such a cell as malformed). Deeper values are read as malformed too: the Python
 * app cannot parse them either, and `JSON.stringify` overflows the stack a few thousand levels
 * down, which would fail every reader that prints the value.
 */
export const JSON_MAX_DEPTH = 1000;

/** Whether JSON text nests arrays and objects deeper than `max`; an iterative scan, strings skipped. */
export function jsonTextTooDeep(text: string, max = JSON_MAX_DEPTH): boolean {
  // Each level takes an opening and a closing bracket, so short text cannot be too deep.
  if (text.length <= 2 * max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Whether a value nests arrays and objects deeper than `max` (counted as in its JSON text); iterative. */
export function jsonValueTooDeep(value: unknown, max = JSON_MAX_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** A JSON column's text: text as it is, a BLOB's bytes when they are UTF-8; anything else has none. */
export function jsonText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return decodeUtf8(value);
  return null;
}

/**
 * Parses JSON text without ever throwing: malformed or empty text reads as `null`, and so does
 * JSON nested deeper than `JSON_MAX_DEPTH`. drizzle's `text({ mode: 'json' })` throws from inside
 * row mapping, which fails the whole query over one bad cell; a backlog with one corrupted row
 * must still be listable. Malformed cells are found and reported by `forgedb verify`, not thrown
 * at readers. A BLOB is read as its UTF-8 text (as null when it is not UTF-8); any other value
 * that is not text (a number, or a value already parsed) passes through.
 */
export function parseJsonLenient(value: unknown): unknown {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) return value ?? null;
  const text = jsonText(value);
  if (text === null || text.trim() === '' || jsonTextTooDeep(text)) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * Python's `json.dumps` default separators (`", "` and `": "`): the app writes `[1, 3]`,
 * and matching it keeps files written by both implementations byte-comparable.
 */
export function stringifyPythonStyle(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stringifyPythonStyle).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${stringifyPythonStyle(v)}`).join(', ')}}`;
}
