import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { ValidationError } from '@forgedb/db-core';

const CHUNK_BYTES = 1 << 20;
/** Whole-file parse is only attempted to name what a non-array file holds. */
const SNIFF_LIMIT_BYTES = 64 << 20;

export interface ArrayElement {
  index: number;
  value: unknown;
  /** Bytes of the file consumed so far (for progress). */
  bytesRead: number;
}

const isWhitespace = (c: string) => c === ' ' || c === '\n' || c === '\r' || c === '\t';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Reads a top-level JSON array element by element, synchronously, in bounded memory: only one
 * chunk and one element's text are held at a time, so a feature list of a million entries does
 * not have to fit in memory as one string plus one parsed tree. Synchronous because the caller
 * inserts each element inside a better-sqlite3 transaction, which cannot span an await.
 *
 * Throws ValidationError for anything that is not a well-formed JSON array; a caller inside a
 * transaction rolls back everything it inserted for earlier elements.
 */
export function* readJsonArray(file: string, label = file): Generator<ArrayElement> {
  const fd = openSync(file, 'r');
  try {
    const totalBytes = fstatSync(fd).size;
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let bytesRead = 0;
    let text = '';
    let pos = 0;
    let eof = false;
    let first = true;

    /** Makes text[pos] available; false at end of file. */
    const fill = (): boolean => {
      while (pos >= text.length) {
        if (eof) return false;
        const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
        if (n === 0) {
          eof = true;
          text = decoder.end();
          pos = 0;
          continue;
        }
        bytesRead += n;
        text = decoder.write(buffer.subarray(0, n));
        pos = 0;
        if (first && text.length > 0) {
          first = false;
          if (text.charCodeAt(0) === 0xfeff) pos = 1; // UTF-8 byte order mark, as written by some Windows editors
        }
      }
      return true;
    };
    const skipWhitespace = (): boolean => {
      for (;;) {
        if (!fill()) return false;
        if (!isWhitespace(text[pos]!)) return true;
        pos++;
      }
    };
    const invalid = (what: string) =>
      new ValidationError('feature_list', `${label} is not valid JSON: ${what}. Nothing was imported.`);

    if (!skipWhitespace()) throw invalid('the file is empty');
    if (text[pos] !== '[') {
      // Name what the file holds when it is small enough to parse; a person fixing it wants to know.
      let found = `it starts with ${JSON.stringify(text[pos])}`;
      if (totalBytes <= SNIFF_LIMIT_BYTES) {
        let parsed: unknown;
        try {
          const whole = Buffer.alloc(totalBytes);
          readSync(fd, whole, 0, totalBytes, 0);
          parsed = JSON.parse(whole.toString('utf8').replace(/^\uFEFF/, ''));
        } catch (error) {
          throw invalid((error as Error).message);
        }
        found = `it holds ${describe(parsed)}`;
      }
      throw new ValidationError(
        'feature_list',
        `${label} must contain a JSON array of features; ${found}. Nothing was imported.`,
      );
    }
    pos++;

    let index = 0;
    for (;;) {
      if (!skipWhitespace()) throw invalid('unexpected end of file inside the array');
      if (text[pos] === ']' && index === 0) {
        pos++;
        break;
      }
      // One element's source: scan to the comma or bracket that ends it at depth 0.
      let depth = 0;
      let inString = false;
      let escaped = false;
      let source = '';
      let start = pos;
      for (;;) {
        if (pos >= text.length) {
          source += text.slice(start);
          if (!fill()) throw invalid(`unexpected end of file in entry ${index}`);
          start = pos;
        }
        const c = text[pos]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === '[' || c === '{') depth++;
        else if (c === ']' || c === '}') {
          if (depth === 0) break;
          depth--;
        } else if (c === ',' && depth === 0) break;
        pos++;
      }
      source += text.slice(start, pos);
      let value: unknown;
      try {
        value = JSON.parse(source);
      } catch (error) {
        throw invalid(`entry ${index}: ${(error as Error).message}`);
      }
      yield { index, value, bytesRead };
      index++;
      const sep = text[pos];
      if (sep !== ',' && sep !== ']')
        throw invalid(`unexpected ${JSON.stringify(sep)} after entry ${index - 1}`);
      pos++;
      if (sep === ']') break;
    }
    if (skipWhitespace()) throw invalid(`unexpected ${JSON.stringify(text[pos])} after the closing bracket`);
  } finally {
    closeSync(fd);
  }
}
