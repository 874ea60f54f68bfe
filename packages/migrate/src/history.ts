import type { MigrationCompatibility } from '@forgedb/schema';

/**
 * forgedb's own bookkeeping table. A separate name from drizzle's `__drizzle_migrations`, because
 * our semantics differ (membership by tag + hash, not newest timestamp), and the Python app's
 * `create_all` ignores tables it does not model.
 */
export const HISTORY_TABLE = '__forgedb_migrations';

/** How a migration entered a database's history. */
export type MigrationMethod =
  /** Its statements ran. */
  | 'applied'
  /** A legacy file was recognised as already having this shape (the baseline), so nothing ran. */
  | 'adopted';

/** One row of the history: what a database records about a migration it has. */
export interface AppliedMigration {
  tag: string;
  hash: string;
  appliedAt: string;
  /** `adopted` when a legacy file was recognised as already having this shape. */
  method: MigrationMethod;
  /**
   * Copied from the migration's marker when it was recorded; null for migrations older than the
   * marker, and for rows written before the history had this column.
   */
  compatibility: MigrationCompatibility | null;
}
