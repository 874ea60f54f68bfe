import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { MigrationCompatibility } from '@forgedb/schema';
import { HISTORY_TABLE, type AppliedMigration } from '../history.js';

export function historyExists(db: SqliteDatabase): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(HISTORY_TABLE) !==
    undefined
  );
}

/** Histories written before rolling upgrades lack the column; read-only commands must still read them. */
function hasCompatibilityColumn(db: SqliteDatabase): boolean {
  return (
    db
      .prepare(`SELECT 1 FROM pragma_table_info('${HISTORY_TABLE}') WHERE name = 'compatibility'`)
      .pluck()
      .get() !== undefined
  );
}

export function readHistory(db: SqliteDatabase): AppliedMigration[] {
  if (!historyExists(db)) return [];
  const compatibility = hasCompatibilityColumn(db) ? 'compatibility' : 'NULL';
  return db
    .prepare(
      `SELECT tag, hash, applied_at AS appliedAt, method, ${compatibility} AS compatibility
         FROM ${HISTORY_TABLE} ORDER BY applied_at, tag`,
    )
    .all() as AppliedMigration[];
}

/**
 * Creates the history, or adds the compatibility column to one an earlier forgedb made. Runs in
 * the upgrade's write transaction; older forgedb versions name their INSERT's columns, so the
 * added nullable column does not stop them recording migrations.
 */
export function ensureHistoryTable(db: SqliteDatabase): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
      tag TEXT PRIMARY KEY NOT NULL,
      hash TEXT NOT NULL,
      created_at INTEGER,
      applied_at TEXT NOT NULL,
      method TEXT NOT NULL DEFAULT 'applied',
      compatibility TEXT
    )`,
  );
  if (!hasCompatibilityColumn(db)) db.exec(`ALTER TABLE ${HISTORY_TABLE} ADD COLUMN compatibility TEXT`);
}

export function recordMigration(
  db: SqliteDatabase,
  m: { tag: string; hash: string; createdAt: number; compatibility: MigrationCompatibility | null },
  method: AppliedMigration['method'],
): void {
  db.prepare(
    `INSERT INTO ${HISTORY_TABLE} (tag, hash, created_at, applied_at, method, compatibility)
     VALUES (?, ?, ?, strftime('%Y-%m-%d %H:%M:%f', 'now'), ?, ?)`,
  ).run(m.tag, m.hash, m.createdAt, method, m.compatibility);
}
