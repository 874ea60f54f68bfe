import type pg from 'pg';
import { BusyError, ForgeDbError } from '../errors/index.js';
import { advisoryXactLock } from './advisory-lock.js';
import { isRetryablePgError, mapPgError } from './errors.js';
import type { ForgePgPool } from './pool.js';

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
}

const ISOLATIONS: readonly IsolationLevel[] = ['read committed', 'repeatable read', 'serializable'];

const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random())));

/**
 * Runs `fn` in one transaction on one pooled connection and commits, or rolls back and throws
 * the typed error. A serialization failure or deadlock reruns the whole of `fn` (so it must only
 * touch the database, or be safe to repeat) up to `retries` times, then gives BusyError. Settings
 * are `SET LOCAL` (they end with the transaction) and statements are unnamed, so it works behind
 * a transaction-mode pooler.
 */
export async function withTransaction<T>(
  db: ForgePgPool,
  options: TransactionOptions,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const isolation = options.isolation ?? 'read committed';
  if (!ISOLATIONS.includes(isolation))
    throw new TypeError(`Unknown isolation level ${JSON.stringify(isolation)}`);
  const retries = options.retries ?? 5;
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  const idleMs = options.idleInTransactionTimeoutMs ?? 60_000;
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
      await client.query(
        `BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}${options.readOnly ? ' READ ONLY' : ''}`,
      );
      if (options.advisoryLock !== undefined) await advisoryXactLock(client, options.advisoryLock);
      await client.query(`SET LOCAL statement_timeout = ${Math.trunc(statementTimeoutMs)}`);
      await client.query(`SET LOCAL idle_in_transaction_session_timeout = ${Math.trunc(idleMs)}`);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
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
