import type { PgSchema } from 'drizzle-orm/pg-core';

/**
 * Where claims take their generations: one sequence for every project, because generations only
 * have to grow (per feature, and past what a project ever issued), not be dense or per project,
 * and `nextval` never waits for another transaction the way a per-project counter row did
 * (docs/decisions/0015-pg-claim-generations.md). `CACHE 1` keeps `last_value` the highest value
 * handed out; the maximum is JavaScript's largest safe integer, which is how generations are read.
 */
export const defineClaimGenerations = (schema: PgSchema) =>
  schema.sequence('claim_generations', {
    startWith: 1,
    minValue: 1,
    maxValue: Number.MAX_SAFE_INTEGER,
    increment: 1,
    cache: 1,
  });
