import { customType } from 'drizzle-orm/sqlite-core';
import { parseJsonLenient, stringifyPythonStyle } from './json.js';

const INTEGER_LITERAL = /^-?(?:0|[1-9]\d*)$/;

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
 * Dependencies as the Python app reads them (`get_dependencies_safe`): NULL, malformed, empty or
 * non-list reads as `[]`; a list keeps only its integer entries. The raw text is inspected because
 * `JSON.parse` turns `1.0` into `1`, while Python keeps it a float and drops it.
 */
export function normalizeDependencies(raw: unknown): number[] {
  if (Array.isArray(raw)) return raw.filter((d): d is number => Number.isInteger(d));
  if (typeof raw !== 'string') return [];
  const parsed = parseJsonLenient(raw);
  if (!Array.isArray(parsed)) return [];
  return topLevelElements(raw)
    .filter((token) => INTEGER_LITERAL.test(token))
    .map(Number);
}

/**
 * `features.dependencies`: JSON text read with the Python app's exact normalisation, so a
 * drizzle row never carries anything but integer ids. SQL NULL stays null (no dependencies).
 */
export const dependencyList = customType<{ data: number[]; driverData: string }>({
  dataType: () => 'JSON',
  toDriver: (value) => stringifyPythonStyle(value),
  fromDriver: (value) => normalizeDependencies(value),
});
