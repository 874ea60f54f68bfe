import { z } from 'zod';
import { refusal, validate, type Refusal } from './validate.js';

const POSITIVE_ID = 'expected a positive integer';

/** A positive integer id (SQLite rowids start at 1), never beyond what a JavaScript number holds exactly. */
export const idSchema = z
  .number({ error: POSITIVE_ID })
  .refine((id) => Number.isSafeInteger(id) && id >= 1, { error: POSITIVE_ID });

const refusals = new Map<string, Refusal>();

/** `what` names the id in the message: `Invalid feature id 0: expected a positive integer.` */
export function validateId(id: unknown, what: string): number {
  // The common case costs a typeof and a comparison, not a parse: ids are on every hot path.
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 1) return id;
  let refused = refusals.get(what);
  if (!refused) {
    refused = refusal('id', (input) => `Invalid ${what} id ${JSON.stringify(input)}: ${POSITIVE_ID}.`);
    refusals.set(what, refused);
  }
  return validate(idSchema, id, refused);
}

/** A non-negative integer id of a message to page after (0: from the start). */
export const afterMessageSchema = z
  .number({ error: 'expected a non-negative integer' })
  .refine((n) => Number.isSafeInteger(n) && n >= 0, { error: 'expected a non-negative integer' })
  .nullish()
  .transform((n) => n ?? 0);

export const afterMessageRefusal = refusal(
  'after',
  (input) =>
    `Invalid after ${JSON.stringify(input)}: pass the next_after of the previous page (a message id).`,
);
