/**
 * One connection per database file for a whole process, and a process-wide default database.
 *
 * Nothing inside this repository calls it: `openStore` and the CLI own their connections and close
 * them. It exists for sibling apps ported from the Python app, which opens each file once per
 * process and hands the same engine to every caller (`set_session_maker` and friends); the
 * compatibility contract requires that caching and an explicit dispose
 * (docs/contracts.md#8-connections-and-transactions, docs/foundation.md). Such an app calls
 * `initDefaultDatabase` at start-up, `getDefaultDatabase` wherever it needs the connection, and
 * `dispose`/`disposeAll` before a file is replaced or the process ends.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { NotInitializedError } from '../errors/index.js';
import {
  MEMORY,
  openDatabase,
  resolveTarget,
  type DatabaseTarget,
  type OpenOptions,
  type SqliteDatabase,
} from './open.js';

const cache = new Map<string, SqliteDatabase>();
let defaultDb: SqliteDatabase | undefined;

/** Symlinks and relative spellings of one file share one cache entry. */
function cacheKey(file: string): string {
  if (file === MEMORY) return file;
  return existsSync(file) ? realpathSync(file) : path.resolve(file);
}

/**
 * One cached connection per resolved database path. In-memory targets are never cached:
 * each `:memory:` open is its own database.
 */
export function getConnection(target: DatabaseTarget, options: OpenOptions = {}): SqliteDatabase {
  const file = resolveTarget(target);
  if (file === MEMORY) return openDatabase(MEMORY, options);
  const existing = cache.get(cacheKey(file));
  if (existing?.open) return existing;
  const db = openDatabase({ file }, options);
  cache.set(cacheKey(file), db);
  return db;
}

/**
 * Closes the cached connection for a file, releasing its locks so it can be deleted or replaced.
 * `target` is a path (any spelling, symlinks included) or an open target; `:memory:` is never cached.
 */
export function dispose(target: Exclude<DatabaseTarget, typeof MEMORY> | string): boolean {
  const file =
    typeof target !== 'string' ? resolveTarget(target) : target === MEMORY ? MEMORY : path.resolve(target);
  const key = cacheKey(file);
  const db = cache.get(key);
  if (!db) return false;
  cache.delete(key);
  if (db === defaultDb) defaultDb = undefined;
  if (db.open) db.close();
  return true;
}

export function disposeAll(): void {
  for (const db of cache.values()) if (db.open) db.close();
  cache.clear();
  if (defaultDb?.open) defaultDb.close();
  defaultDb = undefined;
}

/** Sets the process-wide default database, as the Python app's `set_session_maker` does. */
export function initDefaultDatabase(target: DatabaseTarget, options: OpenOptions = {}): SqliteDatabase {
  defaultDb = getConnection(target, options);
  return defaultDb;
}

/** The default database; throws instead of silently creating a new file when none was set. */
export function getDefaultDatabase(): SqliteDatabase {
  if (!defaultDb?.open)
    throw new NotInitializedError('The default database', 'call initDefaultDatabase() first');
  return defaultDb;
}
