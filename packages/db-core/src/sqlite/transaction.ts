import { AsyncTransactionError, mapSqliteError } from './errors.js';
import type { SqliteDatabase } from './open.js';

type Mode = 'immediate' | 'deferred';

const isAsyncFunction = (fn: unknown) =>
  typeof fn === 'function' &&
  (fn.constructor?.name === 'AsyncFunction' || fn.constructor?.name === 'AsyncGeneratorFunction');

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

type Body = (fn: (db: SqliteDatabase) => unknown, db: SqliteDatabase) => unknown;
type Transaction = ReturnType<SqliteDatabase['transaction']>;

// better-sqlite3's db.transaction() builds four wrapper functions and defines their properties on
// every call, which costs more than a short write itself; one wrapper per connection, taking the
// body as its argument, serves every transaction (a nested call still becomes a savepoint).
const wrappers = new WeakMap<SqliteDatabase, Transaction>();

/**
 * Counts bodies started, so a failed call can tell "BEGIN failed, nothing ran" (unchanged count)
 * from "the body or COMMIT failed" without allocating anything per transaction.
 */
let bodiesStarted = 0;

const body: Body = (fn, db) => {
  bodiesStarted++;
  const result = fn(db);
  // A plain function that returns a promise did its awaited part outside the transaction: roll back.
  if (isThenable(result)) {
    Promise.resolve(result).catch(() => undefined);
    throw new AsyncTransactionError();
  }
  return result;
};

/** Plain SQLITE_BUSY is what BEGIN IMMEDIATE returns once SQLite's busy handler has given up. */
const isBusy = (error: unknown) => (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';

/**
 * BEGIN IMMEDIATE failed with SQLITE_BUSY, so nothing ran. SQLite's busy handler sums the sleeps it
 * asked for, and a signal (a sampling profiler's SIGPROF) cuts each sleep short, so it can give up
 * long before busy_timeout has passed. Begin again until it really has, measured from `startedAt`,
 * with busy_timeout shrunk to the time left so that SQLite still does the waiting; the configured
 * value is back before the body runs, so the body and COMMIT wait as configured.
 * (docs/decisions/0019-busy-wait-measured-in-wall-time.md)
 */
function retryBegin<T>(
  db: SqliteDatabase,
  tx: Transaction,
  fn: (db: SqliteDatabase) => T,
  startedAt: number,
  firstError: unknown,
): T {
  // Read on the failure path only, and each time, so a busy_timeout changed after open is honoured.
  const configured = Number(db.pragma('busy_timeout', { simple: true }));
  const deadline = startedAt + configured;
  let shrunk = false;
  const restore = () => {
    if (!shrunk) return;
    db.pragma(`busy_timeout = ${configured}`);
    shrunk = false;
  };
  const withConfiguredTimeout = (conn: SqliteDatabase) => {
    restore();
    return fn(conn);
  };
  let last = firstError;
  try {
    for (;;) {
      const left = Math.floor(deadline - performance.now());
      if (left < 1) throw last;
      db.pragma(`busy_timeout = ${left}`);
      shrunk = true;
      const started = bodiesStarted;
      try {
        return tx.immediate(withConfiguredTimeout, db) as T;
      } catch (error) {
        if (bodiesStarted !== started || !isBusy(error)) throw error;
        last = error;
      }
    }
  } finally {
    restore();
  }
}

/** Connections whose open transaction was begun here (not by the caller, around our calls). */
const opened = new WeakSet<SqliteDatabase>();

/**
 * True while `db` is inside a transaction its caller began itself (a store call in it runs as a
 * savepoint): what is read or written there may still be rolled back by the caller, and nothing
 * on the connection says when.
 */
export function insideCallersTransaction(db: SqliteDatabase): boolean {
  return db.inTransaction && !opened.has(db);
}

function run<T>(db: SqliteDatabase, fn: (db: SqliteDatabase) => T, mode: Mode): T {
  if (isAsyncFunction(fn)) throw new AsyncTransactionError();
  if (!db.inTransaction) {
    opened.add(db);
    try {
      return runTransaction(db, fn, mode);
    } finally {
      opened.delete(db);
    }
  }
  return runTransaction(db, fn, mode);
}

function runTransaction<T>(db: SqliteDatabase, fn: (db: SqliteDatabase) => T, mode: Mode): T {
  let tx = wrappers.get(db);
  if (!tx) {
    tx = db.transaction(body);
    wrappers.set(db, tx);
  }
  // The only per-transaction cost of the retry: the time the first BEGIN spends waiting cannot be
  // recovered after it failed, so the monotonic clock is read before it (about 0.2 µs, against
  // about 8 µs for the shortest in-memory write transaction).
  const startedAt = mode === 'immediate' ? performance.now() : 0;
  const started = bodiesStarted;
  try {
    return tx[mode](fn, db) as T;
  } catch (error) {
    // Only an outermost BEGIN IMMEDIATE is retried: a nested call is a savepoint (no lock to wait
    // for), and once the body has started a retry could run part of it twice.
    if (mode !== 'immediate' || bodiesStarted !== started || db.inTransaction || !isBusy(error))
      throw mapSqliteError(error, db.name);
    try {
      return retryBegin(db, tx, fn, startedAt, error);
    } catch (retryError) {
      throw mapSqliteError(retryError, db.name);
    }
  }
}

/**
 * Runs `fn` inside BEGIN IMMEDIATE: the write lock is taken before the first read, so a
 * read-modify-write never decides on a stale read. Waits up to busy_timeout for the lock, measured
 * in wall-clock time (signals that cut SQLite's sleeps short do not shorten it), then throws
 * BusyError naming the file. Nested calls become savepoints.
 */
export function writeTransaction<T>(db: SqliteDatabase, fn: (db: SqliteDatabase) => T): T {
  return run(db, fn, 'immediate');
}

/** Runs `fn` in a deferred transaction: one consistent snapshot for several reads, no write lock. */
export function readTransaction<T>(db: SqliteDatabase, fn: (db: SqliteDatabase) => T): T {
  return run(db, fn, 'deferred');
}
