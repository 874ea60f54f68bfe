import { ConflictError } from '@forgedb/db-core';
import { CRASH_COUNT_MAX } from '@forgedb/schema';

/** `incrementCrashCount` on a schedule whose count is already the largest both dialects store (or more: a SQLite file written by another program). */
export function crashCountAtLimit(id: number): ConflictError {
  return new ConflictError(
    'crash_count_at_limit',
    `Schedule ${id}'s crash_count is at or above ${CRASH_COUNT_MAX}, the largest value forgedb stores on every database; ` +
      'reset it (resetCrashCount, or update it to a lower value) before counting more crashes. Nothing was changed.',
  );
}
