import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';
import { CHANGE_LOG_TABLE } from '../../contract/records.js';
import { int } from '../columns/sql-types.js';

/**
 * forgedb's change log (migration 0004, docs/decisions/0012-change-log.md): triggers on `features`
 * append the id of every row whose queue columns a statement changed, by any writer, so a reader
 * that knows the last sequence number it saw re-reads only those rows. AUTOINCREMENT keeps a
 * sequence number from ever being reused after the triggers prune old entries. The Python app's
 * `create_all` ignores tables it does not model.
 */
export const changeLog = sqliteTable(CHANGE_LOG_TABLE, {
  seq: integer('seq', { mode: 'number' }).primaryKey({ autoIncrement: true }),
  featureId: int('feature_id').notNull(),
});

export type ChangeLogRow = typeof changeLog.$inferSelect;
