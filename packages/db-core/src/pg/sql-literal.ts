/**
 * Values written into SQL text, for a statement that must go in a simple query (which takes no
 * parameters) so that its whole transaction is one round trip
 * (docs/decisions/0021-pg-one-round-trip-writes.md). A value reads back exactly as the same value
 * bound as a parameter would (node-pg sends parameters as untyped text): a literal of type
 * unknown, resolved by its context or its cast, or for text that is not plain printable ASCII
 * its UTF-8 bytes in hex, decoded by the server, so the SQL text is ASCII whatever
 * `standard_conforming_strings` or the client encoding say.
 */

/** SQL text (an expression) that inlineParameters puts in place of a parameter as it is. */
export class SqlFragment {
  constructor(readonly sql: string) {}
}

/** A value inlineParameters and sqlLiteral take. */
export type LiteralValue =
  string | number | boolean | bigint | null | undefined | readonly number[] | SqlFragment;

/** Printable ASCII without the quote and the backslash: the same text under any server setting. */
const PLAIN = /^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/;

/** `value` as a SQL literal (or the fragment's own text, in parentheses); TypeError for anything else. */
export function sqlLiteral(value: LiteralValue): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof SqlFragment) return `(${value.sql})`;
  return textLiteral(parameterText(value));
}

/** The text node-pg would send for `value` as a parameter. */
function parameterText(value: Exclude<LiteralValue, null | undefined | SqlFragment>): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    default:
      if (Array.isArray(value) && value.every((v) => Number.isSafeInteger(v))) return `{${value.join(',')}}`;
      throw new TypeError(
        `Only text, numbers, booleans and integer arrays go into SQL text, not ${String(value)}`,
      );
  }
}

function textLiteral(text: string): string {
  if (PLAIN.test(text)) return `'${text}'`;
  // A NUL byte, like any other, reaches the server as two hex digits: convert_from then refuses it
  // with the same error (22021) as a parameter holding it, instead of cutting the query text short.
  return `convert_from(decode('${Buffer.from(text, 'utf8').toString('hex')}', 'hex'), 'UTF8')`;
}

/**
 * `text` with each parameter `$n` replaced by `values[n - 1]` as a literal (sqlLiteral). Quoted
 * identifiers and string constants are copied untouched; a `$` that starts no parameter (a
 * dollar-quoted string), a comment, or a parameter without a value is a TypeError: the text is
 * one of ours, and anything unexpected in it (a backslash too) is refused rather than guessed at.
 */
export function inlineParameters(text: string, values: readonly LiteralValue[]): string {
  // Without backslashes, quoted runs end where they seem to, whatever standard_conforming_strings says.
  if (text.includes('\\')) throw new TypeError(`A backslash in SQL text with parameters to inline: ${text}`);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = closingQuote(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (c === '$' && !/[\w$]/.test(text[i - 1] ?? ' ')) {
      const digits = /^\d+/.exec(text.slice(i + 1))?.[0];
      if (digits === undefined) throw new TypeError(`A "$" that is no parameter in SQL text: ${text}`);
      const n = Number(digits);
      if (n < 1 || n > values.length) throw new TypeError(`$${digits} has no value (${values.length} given)`);
      out += sqlLiteral(values[n - 1]);
      i += 1 + digits.length;
    } else if ((c === '-' && text[i + 1] === '-') || (c === '/' && text[i + 1] === '*')) {
      throw new TypeError(`A comment in SQL text with parameters to inline: ${text}`);
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** The index after the quoted run that starts at `start` (a doubled quote stays inside it). */
function closingQuote(text: string, start: number): number {
  const quote = text[start]!;
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] !== quote) continue;
    if (text[i + 1] === quote) i += 1;
    else return i + 1;
  }
  throw new TypeError(`An unterminated ${quote} in SQL text: ${text}`);
}
