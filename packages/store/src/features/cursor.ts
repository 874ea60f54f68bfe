import { ValidationError } from '@forgedb/db-core';

/** Keyset position in (priority, id) order, opaque to callers. */
export function encodeCursor(priority: number, id: number): string {
  return Buffer.from(JSON.stringify([priority, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { priority: number; id: number } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((n) => Number.isSafeInteger(n))) {
      return { priority: value[0] as number, id: value[1] as number };
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError(
    'input',
    `Invalid cursor ${JSON.stringify(cursor)}: pass the next_cursor of a previous page.`,
    [{ path: 'after', message: 'not a cursor returned by list()' }],
  );
}
