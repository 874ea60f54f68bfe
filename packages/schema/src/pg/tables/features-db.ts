import { forgedbTables } from './forgedb-tables.js';

/**
 * The `features` migration stream on PostgreSQL (drizzle.pg.config.ts points here): projects,
 * lease state, the claim generations sequence, features, schedules and overrides. The schema itself is created by the runner,
 * which also keeps its history there, so it is not exported for drizzle-kit to create.
 */
export const { projects, leaseState, claimGenerations, features, schedules, scheduleOverrides } =
  forgedbTables;
