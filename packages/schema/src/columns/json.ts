import { customType } from 'drizzle-orm/sqlite-core';

/**
 * Parses JSON text without ever throwing: malformed or empty text reads as `null`.
 * drizzle's `text({ mode: 'json' })` throws from inside row mapping, which fails the whole
 * query over one bad cell; a backlog with one corrupted row must still be listable.
 * Malformed cells are found and reported by `forgedb verify`, not thrown at readers.
 */
export function parseJsonLenient(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  if (value.trim() === '') return null;
  try {
    return JSON.parse(value) as unknown;
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

export const json = <TData>(name: string) =>
  customType<{ data: TData; driverData: string }>({
    dataType: () => 'JSON',
    toDriver: (value) => stringifyPythonStyle(value),
    fromDriver: (value) => parseJsonLenient(value) as TData,
  })(name);
