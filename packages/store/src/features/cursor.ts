/** Keyset position in (priority, id) order, opaque to callers. */
export function encodeCursor(priority: number, id: number): string {
  return Buffer.from(JSON.stringify([priority, id])).toString('base64url');
}

/** The position a cursor of encodeCursor names; null for anything else. */
export function decodeCursor(cursor: string): { priority: number; id: number } | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((n) => Number.isSafeInteger(n))) {
      return { priority: value[0] as number, id: value[1] as number };
    }
  } catch {
    // Not base64url JSON: not one of our cursors.
  }
  return null;
}
