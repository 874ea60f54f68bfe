import { AsyncTransactionError, mapSqliteError } from './errors.js';
import type { SqliteDatabase } from './open.js';

type Mode = 'immediate' | 'deferred';

const isAsyncFunction = (fn: unknown) =>
  typeof fn === 'function' &&
  (fn.constructor?.name === 'AsyncFunction' || fn.constructor?.name === 'AsyncGeneratorFunction');

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

type Body = (fn: (db: SqliteDatabase) => unknown, db: SqliteDatabase) => unknown;

// better-sqlite3's db.transaction() builds four wrapper functions and defines their properties on
// every call, which costs more than a short write itself; one wrapper per connection, taking the
// body as its argument, serves every transaction (a nested call still becomes a savepoint).
const wrappers = new WeakMap<SqliteDatabase, ReturnType<SqliteDatabase['transaction']>>();

const body: Body = (fn, db) => {
  const result = fn(db);
  // A plain function that returns a promise did its awaited part outside the transaction: roll back.
  if (isThenable(result)) {
    Promise.resolve(result).catch(() => undefined);
    throw new AsyncTransactionError();
  }
  return result;
};

function run<T>(db: SqliteDatabase, fn: (db: SqliteDatabase) => T, mode: Mode): T {
  if (isAsyncFunction(fn)) throw new AsyncTransactionError();
  let tx = wrappers.get(db);
  if (!tx) {
    tx = db.transaction(body);
    wrappers.set(db, tx);
  }
  try {
    return tx[mode](fn, db) as T;
  } catch (error) {
    throw mapSqliteError(error, db.name);
  }
}

/**
 * Runs `fn` inside BEGIN IMMEDIATE: the write lock is taken before the first read, so a
 * read-modify-write never decides on a stale read. Waits up to busy_timeout for the lock,
 * then throws BusyError naming the file. Nested calls become savepoints.
 */
export function writeTransaction<T>(db: SqliteDatabase, fn: (db: SqliteDatabase) => T): T {
  return run(db, fn, 'immediate');
}

/** Runs `fn` in a deferred transaction: one consistent snapshot for several reads, no write lock. */
export function readTransaction<T>(db: SqliteDatabase, fn: (db: SqliteDatabase) => T): T {
  return run(db, fn, 'deferred');
}
