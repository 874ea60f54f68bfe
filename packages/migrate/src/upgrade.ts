import { writeTransaction, type SqliteDatabase } from '@forgedb/db-core';
import { loadMigrations, type DatabaseKind } from '@forgedb/schema';

export interface UpgradeResult {
  kind: DatabaseKind;
  file: string;
  applied: string[];
}

// FIRST CUT (replaced by the full engine: guards, adoption, lock-first runner, FK handling, backups).
// Applies every migration to a database that has none recorded.
export function upgradeDatabase(db: SqliteDatabase, kind: DatabaseKind): UpgradeResult {
  const migrations = loadMigrations(kind);
  return writeTransaction(db, () => {
    db.exec('CREATE TABLE IF NOT EXISTS __forgedb_migrations (tag TEXT PRIMARY KEY, hash TEXT NOT NULL, created_at INTEGER, applied_at TEXT NOT NULL)');
    const applied = new Set(db.prepare('SELECT tag FROM __forgedb_migrations').pluck().all() as string[]);
    const done: string[] = [];
    for (const m of migrations) {
      if (applied.has(m.tag)) continue;
      for (const s of m.statements) db.exec(s);
      db.prepare("INSERT INTO __forgedb_migrations (tag, hash, created_at, applied_at) VALUES (?, ?, ?, datetime('now'))").run(m.tag, m.hash, m.createdAt);
      done.push(m.tag);
    }
    return { kind, file: db.name, applied: done };
  });
}
