import { ValidationError } from '@forgedb/db-core';
import type { z } from 'zod';

/**
 * Parses input with a zod schema, turning failures into a ValidationError whose message names
 * every offending field, before anything touches the database.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
  throw new ValidationError(
    'input',
    `Invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
}

/** A positive integer id (SQLite rowids start at 1). */
export function validateId(id: unknown, what: string): number {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
    throw new ValidationError(
      'input',
      `Invalid ${what} id ${JSON.stringify(id)}: expected a positive integer.`,
      [{ path: 'id', message: 'expected a positive integer' }],
    );
  }
  return id;
}

/** An integer limit within [min, max], or the default when omitted. */
export function validateLimit(limit: unknown, range: { min: number; max: number; default: number }): number {
  if (limit === undefined || limit === null) return range.default;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < range.min || limit > range.max) {
    throw new ValidationError(
      'input',
      `Invalid limit ${JSON.stringify(limit)}: expected an integer from ${range.min} to ${range.max}.`,
      [{ path: 'limit', message: `expected an integer from ${range.min} to ${range.max}` }],
    );
  }
  return limit;
}
