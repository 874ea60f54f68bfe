import Database from 'better-sqlite3';

/** The contract's pragmas, set by hand: the baseline pays for exactly what forgedb must do. */
export function openRaw(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('busy_timeout = 30000');
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  return db;
}

/** BEGIN IMMEDIATE around a synchronous body; better-sqlite3's `.immediate` variant does exactly that. */
export function immediate<T>(db: Database.Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}
