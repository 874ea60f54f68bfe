import { ValidationError, type ValidationIssue } from '@forgedb/db-core';
import type { z } from 'zod';

/**
 * How a refused input is reported when the generic "Invalid <what>: <path>: <problem>" would say
 * less than the store always said: `path` names a value that is itself the input (zod gives it
 * an empty path), `message` builds the whole sentence.
 */
export interface Refusal {
  path: string;
  message(input: unknown, issues: ValidationIssue[]): string;
}

/**
 * Parses input with a zod schema, turning failures into a ValidationError whose message names
 * every offending field, before anything touches the database. Schemas and refusals are built
 * once at module load; this is the only place the store turns bad input into a ValidationError.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string | Refusal,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const root = typeof what === 'string' ? '(input)' : what.path;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || root,
    message: issue.message,
  }));
  throw new ValidationError(
    'input',
    typeof what === 'string'
      ? `Invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`
      : what.message(input, issues),
    issues,
  );
}

/** A refusal whose sentence does not depend on the issues: "<prefix> <input as JSON>: <tail>". */
export const refusal = (path: string, message: (input: unknown) => string): Refusal => ({
  path,
  message: (input) => message(input),
});
