import { sql } from 'drizzle-orm';
import { check, sqliteTable } from 'drizzle-orm/sqlite-core';
import { LEASE_STATE_TABLE } from '../../contract/records.js';
import { int, text } from '../columns/sql-types.js';

/**
 * forgedb's lease fencing state (migration 0003, docs/decisions/0002-sqlite-lease-trigger.md):
 * one row holding the highest claim generation forgedb has issued in this file, and the file's
 * lease epoch, which a restore replaces so that no lease issued before it can match again. The
 * Python app's `create_all` ignores tables it does not model.
 */
export const leaseState = sqliteTable(
  LEASE_STATE_TABLE,
  {
    id: int('id').primaryKey(),
    generation: int('generation').notNull(),
    epoch: text('epoch').notNull(),
  },
  () => [check('ck_lease_state_single_row', sql`id = 1`)],
);

export type LeaseStateRow = typeof leaseState.$inferSelect;
