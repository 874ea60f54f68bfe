import type pg from 'pg';
import { BusyError, ForgeDbError } from '../errors/index.js';
import { isRetryablePgError, mapPgError } from './errors.js';
import type { ForgePgPool } from './pool.js';
import { inlineParameters, type LiteralValue } from './sql-literal.js';

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /** Default `read committed`; pick per operation. */
  isolation?: IsolationLevel;
  readOnly?: boolean;
  /** Retries after a serialization failure or deadlock (40001, 40P01); default 5, then BusyError. */
  retries?: number;
  /** `SET LOCAL statement_timeout` (default 30 s; 0 for none, e.g. a migration). */
  statementTimeoutMs?: number;
  /** `SET LOCAL idle_in_transaction_session_timeout` (default 60 s): a stalled holder cannot keep locks. */
  idleInTransactionTimeoutMs?: number;
  /**
   * An advisory lock key (advisoryLockKey) taken by the transaction's first statement, so that
   * whatever the transaction reads is read under it (e.g. a migration's history).
   */
  advisoryLock?: string;
  /**
   * A statement without parameters (e.g. a reading of the server's clock) sent with BEGIN and the
   * settings in one simple query, so it costs no round trip of its own; its result is `fn`'s second
   * argument.
   */
  opening?: string;
}

const ISOLATIONS: readonly IsolationLevel[] = ['read committed', 'repeatable read', 'serializable'];

const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random())));

/**
 * The statements that open a transaction, as ONE simple query (one round trip instead of three
 * or four): BEGIN, the advisory lock (before anything reads, as the first statement), then both
 * timeouts. Only integers we format go into the text, and the simple protocol never names a
 * prepared statement, so a transaction-mode pooler is fine with it.
 */
function openingText(
  isolation: IsolationLevel,
  options: TransactionOptions,
  statementTimeoutMs: number,
  idleMs: number,
): string {
  const statements = [
    `BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}${options.readOnly ? ' READ ONLY' : ''}`,
  ];
  if (options.advisoryLock !== undefined) {
    if (!/^-?\d{1,19}$/.test(options.advisoryLock))
      throw new TypeError(
        `An advisory lock key is a bigint's decimal text (advisoryLockKey), not ${JSON.stringify(options.advisoryLock)}`,
      );
    statements.push(`SELECT pg_advisory_xact_lock(${options.advisoryLock}::bigint)`);
  }
  statements.push(
    `SET LOCAL statement_timeout = ${integerSetting(statementTimeoutMs, 'statementTimeoutMs')}`,
    `SET LOCAL idle_in_transaction_session_timeout = ${integerSetting(idleMs, 'idleInTransactionTimeoutMs')}`,
  );
  if (options.opening !== undefined) statements.push(options.opening);
  return statements.join('; ');
}

function integerSetting(ms: number, name: string): number {
  const value = Math.trunc(ms);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new TypeError(`${name} must be a whole number of milliseconds >= 0, not ${String(ms)}`);
  return value;
}

/** The last statement's result of a simple query (pg returns an array when it held several). */
const lastResult = (result: Result | Result[]): Result =>
  Array.isArray(result) ? result[result.length - 1]! : result;

type Result = pg.QueryResult<pg.QueryResultRow>;

/**
 * Runs `fn` in one transaction on one pooled connection and commits, or rolls back and throws
 * the typed error. A serialization failure or deadlock reruns the whole of `fn` (so it must only
 * touch the database, or be safe to repeat) up to `retries` times, then gives BusyError. Settings
 * are `SET LOCAL` (they end with the transaction) and statements are unnamed, so it works behind
 * a transaction-mode pooler. BEGIN, the settings and `opening` go in one round trip.
 */
export function withTransaction<T>(
  db: ForgePgPool,
  options: TransactionOptions,
  fn: (client: pg.PoolClient, opening: Result | undefined) => Promise<T>,
): Promise<T> {
  return runTransaction(db, options, async (client, opening) => {
    const result = lastResult(await client.query<pg.QueryResultRow>(opening));
    const value = await fn(client, options.opening === undefined ? undefined : result);
    await client.query('COMMIT');
    return value;
  });
}

/**
 * A transaction of one statement, sent with BEGIN, the settings and COMMIT as one simple query:
 * one round trip in all, with every guarantee of withTransaction (timeouts, retries, typed
 * errors). The simple protocol takes no parameters, so `values` (for `$1`, `$2`, … in `sql`) go
 * into the text as literals (inlineParameters), before a connection is taken. Its result.
 */
export async function transactionQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  db: ForgePgPool,
  options: Omit<TransactionOptions, 'opening'>,
  sql: string,
  values: readonly LiteralValue[] = [],
): Promise<pg.QueryResult<R>> {
  const statement = values.length === 0 ? sql : inlineParameters(sql, values);
  return runTransaction(db, options, async (client, opening) => {
    const results = await client.query<R>(`${opening}; ${statement}; COMMIT`);
    // [BEGIN, (lock), SET, SET, statement, COMMIT]: the statement's is the one before COMMIT's.
    const all = results as unknown as pg.QueryResult<R>[];
    return all[all.length - 2]!;
  });
}

/** The connection, the retries and the error mapping around `body`, which sends `opening` first. */
async function runTransaction<T>(
  db: ForgePgPool,
  options: TransactionOptions,
  body: (client: pg.PoolClient, opening: string) => Promise<T>,
): Promise<T> {
  const isolation = options.isolation ?? 'read committed';
  if (!ISOLATIONS.includes(isolation))
    throw new TypeError(`Unknown isolation level ${JSON.stringify(isolation)}`);
  const retries = options.retries ?? 5;
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  const idleMs = options.idleInTransactionTimeoutMs ?? 60_000;
  const opening = openingText(isolation, options, statementTimeoutMs, idleMs);
  const context = { target: db.target, url: db.url, statementTimeoutMs };
  for (let attempt = 0; ; attempt++) {
    let client: pg.PoolClient;
    try {
      client = await db.pool.connect();
    } catch (error) {
      throw mapPgError(error, context);
    }
    // A checked-out client is not covered by the pool's listener: a connection lost mid-transaction
    // must reject the running query, not crash the process.
    let lost: unknown;
    const onError = (error: unknown) => {
      lost = error;
    };
    client.on('error', onError);
    let broken = false;
    try {
      return await body(client, opening);
    } catch (error) {
      // After an error in a simple query the rest of its text did not run: the transaction is
      // open and failed (or already ended, when COMMIT itself failed), and ROLLBACK ends it.
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      if (lost !== undefined) broken = true;
      if (isRetryablePgError(error)) {
        if (attempt < retries) {
          await backoff(attempt);
          continue;
        }
        throw new BusyError(db.target, { cause: error });
      }
      const mapped = mapPgError(error, context);
      // The query's own error after a lost connection is pg's generic "not queryable"; the
      // connection's error says what happened.
      if (lost !== undefined && !(mapped instanceof ForgeDbError)) throw mapPgError(lost, context);
      throw mapped;
    } finally {
      client.removeListener('error', onError);
      client.release(broken ? true : undefined);
    }
  }
}
