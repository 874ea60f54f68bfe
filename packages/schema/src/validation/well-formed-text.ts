import { z } from 'zod';

/** With the `u` flag a surrogate pair is one code point, so only a lone surrogate matches. */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;
const MAX_REPORTED = 20;

/**
 * Why a string cannot be stored, or null. A lone UTF-16 surrogate (`"\udc00"` in JSON) is not
 * Unicode: SQLite receives it as bytes that are not UTF-8, and the Python app then fails with
 * "Could not decode to UTF-8" on every read of the table.
 */
export function loneSurrogateProblem(value: string): string | null {
  const match = LONE_SURROGATE.exec(value);
  if (!match) return null;
  const unit = match[0].charCodeAt(0).toString(16);
  return (
    `contains a lone UTF-16 surrogate (\\u${unit} at character ${match.index}), which is not valid ` +
    'Unicode and cannot be stored as UTF-8 text'
  );
}

/** A key as it can be printed: its lone surrogates spelt as `\\udc00`. */
const printable = (key: string | number) =>
  typeof key === 'string' ? key.replace(LONE_SURROGATES, (c) => `\\u${c.charCodeAt(0).toString(16)}`) : key;

export interface TextIssue {
  /** Keys and indices from the value's root to the offending string (or object key). */
  path: (string | number)[];
  message: string;
}

/** A step of the walk: where a value sits, as a link to its parent (paths are built only when needed). */
interface Place {
  parent: Place | null;
  key: string | number;
}

function pathOf(place: Place | null): (string | number)[] {
  const path: (string | number)[] = [];
  for (let p = place; p; p = p.parent) path.push(printable(p.key));
  return path.reverse();
}

/**
 * Every string and object key in a JSON-like value that holds a lone surrogate (at most 20),
 * walked without recursion so that nesting thousands deep cannot overflow the stack.
 */
export function findLoneSurrogates(value: unknown): TextIssue[] {
  const issues: TextIssue[] = [];
  const seen = new Set<object>();
  const pending: { value: unknown; place: Place | null }[] = [{ value, place: null }];
  while (pending.length > 0 && issues.length < MAX_REPORTED) {
    const { value: v, place } = pending.pop()!;
    if (typeof v === 'string') {
      const problem = loneSurrogateProblem(v);
      if (problem) issues.push({ path: pathOf(place), message: problem });
    } else if (v !== null && typeof v === 'object' && !seen.has(v)) {
      seen.add(v);
      const entries: [string | number, unknown][] = Array.isArray(v)
        ? v.map((item, i) => [i, item])
        : Object.entries(v);
      // Pushed last to first, so the walk meets them in order.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        const child = { parent: place, key };
        const keyProblem = typeof key === 'string' ? loneSurrogateProblem(key) : null;
        if (keyProblem) issues.push({ path: pathOf(child), message: `key ${keyProblem}` });
        pending.push({ value: item, place: child });
      }
    }
  }
  return issues;
}

/** A string that can be stored as UTF-8: the base of every text field of the input schemas. */
export const storableString = () =>
  z.string().superRefine((value, ctx) => {
    const problem = loneSurrogateProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Adds the lone-surrogate check to every string and key nested anywhere in a JSON payload. */
export const wellFormedJson = <T extends z.ZodType>(schema: T) =>
  schema.superRefine((value, ctx) => {
    for (const issue of findLoneSurrogates(value))
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });
