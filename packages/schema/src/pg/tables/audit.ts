import { sqlaTimestamptz } from '../columns/sqla-timestamptz.js';

/**
 * Audit columns, set by the application in the statement that inserts or updates the row (no
 * triggers, docs/decisions/0010-no-triggers-on-postgresql.md) and without a default, so a writer
 * that forgets them fails instead of recording a wrong time.
 */
export const auditColumns = () => ({
  createdAt: sqlaTimestamptz('created_at').notNull(),
  updatedAt: sqlaTimestamptz('updated_at').notNull(),
});

/** The row's leftovers from SQLite (`RowExtra`); `{}` for rows that never lived in SQLite. */
export const EXTRA_DEFAULT = {};
