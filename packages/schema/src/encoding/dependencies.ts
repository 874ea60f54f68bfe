import { jsonText, parseJsonLenient } from './json-text.js';

const INTEGER_LITERAL = /^-?(?:0|[1-9]\d*)$/;
const FRACTION_OR_EXPONENT = /[.eE]/;

/** Splits the top level of a JSON array's text into its element sources. Expects valid JSON. */
function topLevelElements(text: string): string[] {
  const body = text.trim().slice(1, -1);
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = body.slice(start).trim();
  if (last !== '') out.push(last);
  return out;
}

/**
 * A stored dependency list split in two: the integer entries a JavaScript number holds exactly,
 * and the source text of those it cannot (beyond +-(2^53 - 1)), which are never rounded into an
 * id that could name another feature. The raw text is inspected because `JSON.parse` turns `1.0`
 * into `1`, while Python keeps it a float and drops it, and rounds large integers.
 */
export function readDependencyEntries(raw: unknown): { ids: number[]; outOfRange: string[] } {
  const ids: number[] = [];
  const outOfRange: string[] = [];
  if (Array.isArray(raw)) {
    for (const d of raw) {
      if (Number.isSafeInteger(d)) ids.push(d as number);
      else if (Number.isInteger(d)) outOfRange.push(String(d));
    }
    return { ids, outOfRange };
  }
  const text = jsonText(raw);
  const parsed = text === null ? null : parseJsonLenient(text);
  if (text === null || !Array.isArray(parsed)) return { ids, outOfRange };
  // Every feature read comes here: text without a fraction or exponent whose entries all parsed to
  // safe integers holds only integer literals, each read exactly, so the split below is not needed.
  if (!FRACTION_OR_EXPONENT.test(text) && parsed.every((d) => Number.isSafeInteger(d)))
    return { ids: parsed as number[], outOfRange };
  for (const token of topLevelElements(text)) {
    if (!INTEGER_LITERAL.test(token)) continue;
    const id = Number(token);
    if (Number.isSafeInteger(id)) ids.push(id);
    else outOfRange.push(token);
  }
  return { ids, outOfRange };
}

/**
 * Dependencies as the Python app reads them (`get_dependencies_safe`): NULL, malformed, empty or
 * non-list reads as `[]`; a list keeps only its integer entries. Entries beyond the safe integer
 * range are left out too (see `readDependencyEntries`); `forgedb verify` reports them.
 */
export function normalizeDependencies(raw: unknown): number[] {
  return readDependencyEntries(raw).ids;
}
