const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A BLOB's bytes as text when they are valid UTF-8 (a leading BOM kept), else null. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * A text column's value as forgedb presents it, whatever another program stored there (SQLite
 * keeps any type in any column, and the reader must never fail on it): text as it is; a BLOB as
 * its UTF-8 text, or as SQLite's blob literal `x'<hex>'` when its bytes are not UTF-8, so that no
 * byte is lost; a number as its decimal text; NULL as ''. docs/store.md, "Values other programs wrote".
 */
export function textCell(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (value instanceof Uint8Array) {
    return (
      decodeUtf8(value) ??
      `x'${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}'`
    );
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  // SQLite gives nothing else; any other value a caller passes reads as its JSON.
  return JSON.stringify(value) ?? '';
}
