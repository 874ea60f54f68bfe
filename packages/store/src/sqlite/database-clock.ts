import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { SqlaDateTime } from '@forgedb/schema';
import type { Clock } from '../clock.js';

/**
 * The database's clock, bound to one connection: every process sharing the file compares lease
 * times against SQLite's `now`. `strftime('%f')` has millisecond precision; padded to SQLAlchemy's
 * six digits.
 */
export function databaseClock(db: SqliteDatabase): Clock {
  const stmt = db.prepare("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'").pluck();
  return { now: () => stmt.get() as SqlaDateTime };
}
