import type { SqliteDatabase } from '@forgedb/db-core';

/**
 * forgedb's own bookkeeping table. A separate name from drizzle's `__drizzle_migrations`, because
 * our semantics differ (membership by tag + hash, not newest timestamp), and the Python app's
 * `create_all` ignores tables it does not model.
 */
export const HISTORY_TABLE = '__forgedb_migrations';

export interface AppliedMigration {
  tag: string;
  hash: string;
  appliedAt: string;
  /** `adopted` when a legacy file was recognised as already having this shape. */
  method: 'applied' | 'adopted';
}

export function historyExists(db: SqliteDatabase): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(HISTORY_TABLE) !==
    undefined
  );
}

export function readHistory(db: SqliteDatabase): AppliedMigration[] {
  if (!historyExists(db)) return [];
  return db
    .prepare(
      `SELECT tag, hash, applied_at AS appliedAt, method FROM ${HISTORY_TABLE} ORDER BY applied_at, tag`,
    )
    .all() as AppliedMigration[];
}

export function ensureHistoryTable(db: SqliteDatabase): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
      tag TEXT PRIMARY KEY NOT NULL,
      hash TEXT NOT NULL,
      created_at INTEGER,
      applied_at TEXT NOT NULL,
      method TEXT NOT NULL DEFAULT 'applied'
    )`,
  );
}

export function recordMigration(
  db: SqliteDatabase,
  m: { tag: string; hash: string; createdAt: number },
  method: AppliedMigration['method'],
): void {
  db.prepare(
    `INSERT INTO ${HISTORY_TABLE} (tag, hash, created_at, applied_at, method)
     VALUES (?, ?, ?, strftime('%Y-%m-%d %H:%M:%f', 'now'), ?)`,
  ).run(m.tag, m.hash, m.createdAt, method);
}
