import { ValidationError } from '@forgedb/db-core';
import { JSON_MAX_DEPTH, findLoneSurrogates, jsonValueTooDeep, stringifyPythonStyle } from '@forgedb/schema';

/** One `features` row as the import inserts it: booleans 0/1, JSON columns as Python-style text. */
export interface FeatureInsertRow {
  id: number;
  priority: number;
  category: string;
  name: string;
  description: string;
  steps: string;
  passes: 0 | 1;
  in_progress: 0 | 1;
  dependencies: string | null;
}

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

function fail(index: number, field: string, expected: string, got: unknown): never {
  throw new ValidationError(
    'feature_list',
    `feature_list.json entry ${index}: "${field}" must be ${expected}, got ${describe(got)}. Nothing was imported.`,
    [{ path: `[${index}].${field}`, message: `expected ${expected}` }],
  );
}

/** A JSON `null` counts as absent, so it takes the default instead of violating a NOT NULL column. */
const given = (entry: Record<string, unknown>, key: string) => (entry[key] === null ? undefined : entry[key]);

function integer(
  entry: Record<string, unknown>,
  key: string,
  index: number,
  fallback: number,
  min = Number.MIN_SAFE_INTEGER,
): number {
  const v = given(entry, key);
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(index, key, 'an integer', v);
  // JSON.parse has already rounded such a number: storing it would store another id.
  if (!Number.isSafeInteger(v))
    fail(index, key, `an integer from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`, v);
  // SQLite would store id 0 or -3, but no API could then address the feature.
  if (v < min) fail(index, key, `an integer >= ${min}`, v);
  return v;
}

/** Text that cannot be stored as UTF-8 (a lone UTF-16 surrogate) is refused like a wrong type. */
function refuseLoneSurrogates(index: number, field: string, value: unknown): void {
  const [issue] = findLoneSurrogates(value);
  if (!issue) return;
  const where = field + issue.path.map((p) => `[${typeof p === 'number' ? p : JSON.stringify(p)}]`).join('');
  throw new ValidationError(
    'feature_list',
    `feature_list.json entry ${index}: "${where}" ${issue.message}. Nothing was imported.`,
    [{ path: `[${index}].${where}`, message: issue.message }],
  );
}

function string(entry: Record<string, unknown>, key: string, index: number, fallback: string): string {
  const v = given(entry, key);
  if (v === undefined) return fallback;
  if (typeof v !== 'string') fail(index, key, 'a string', v);
  refuseLoneSurrogates(index, key, v);
  return v;
}

function bool(entry: Record<string, unknown>, key: string, index: number): 0 | 1 {
  const v = given(entry, key);
  if (v === undefined) return 0;
  // Python's sqlite3 stores True/False as 1/0; files written by scripts sometimes say 0/1 directly.
  if (v === true || v === 1) return 1;
  if (v === false || v === 0) return 0;
  return fail(index, key, 'true or false', v);
}

/**
 * Entry `index` (0-based) of feature_list.json with the defaults of docs/contracts.md#5-feature_listjson: id and
 * priority i+1, category "uncategorized", name "Feature {i+1}", description "", steps [],
 * passes and in_progress false, dependencies as given or NULL. Wrong types are refused with
 * the entry and field named, instead of being stored for readers to trip over.
 */
export function featureFromEntry(value: unknown, index: number): FeatureInsertRow {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(
      'feature_list',
      `feature_list.json entry ${index} must be an object, got ${describe(value)}. Nothing was imported.`,
      [{ path: `[${index}]`, message: 'expected an object' }],
    );
  }
  const entry = value as Record<string, unknown>;
  const n = index + 1;
  const steps = given(entry, 'steps') ?? [];
  if (!Array.isArray(steps)) fail(index, 'steps', 'an array of strings', steps);
  const badStep = steps.findIndex((s) => typeof s !== 'string');
  if (badStep >= 0) fail(index, `steps[${badStep}]`, 'a string', steps[badStep]);
  refuseLoneSurrogates(index, 'steps', steps);
  const dependencies = given(entry, 'dependencies');
  if (dependencies !== undefined && !Array.isArray(dependencies))
    fail(index, 'dependencies', 'an array of feature ids', dependencies);
  // Stored as given, so it must stay JSON that SQLite (and the Python app) can parse back.
  if (jsonValueTooDeep(dependencies))
    fail(index, 'dependencies', `nested at most ${JSON_MAX_DEPTH} levels deep`, dependencies);
  // Dependencies are stored as given, strings and all, so their text is checked too.
  refuseLoneSurrogates(index, 'dependencies', dependencies);
  return {
    id: integer(entry, 'id', index, n, 1),
    priority: integer(entry, 'priority', index, n),
    category: string(entry, 'category', index, 'uncategorized'),
    name: string(entry, 'name', index, `Feature ${n}`),
    description: string(entry, 'description', index, ''),
    steps: stringifyPythonStyle(steps),
    passes: bool(entry, 'passes', index),
    in_progress: bool(entry, 'in_progress', index),
    dependencies: dependencies === undefined ? null : stringifyPythonStyle(dependencies),
  };
}
