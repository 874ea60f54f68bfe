export { advisoryLockKey, advisoryXactLock } from './advisory-lock.js';
export { isRetryablePgError, mapPgError, type PgErrorContext } from './errors.js';
export { defaultPoolSize, openPool, type ForgePgPool, type OpenPoolOptions } from './pool.js';
export { inlineParameters, sqlLiteral, SqlFragment, type LiteralValue } from './sql-literal.js';
export { describeDatabase, redactSecrets, redactUrl } from './redact.js';
export {
  transactionQuery,
  withTransaction,
  type IsolationLevel,
  type TransactionOptions,
} from './transaction.js';
/** A connection of a pool or a single client, as the helpers above take it. */
export type { ClientBase as PgClient, PoolClient as PgPoolClient } from 'pg';
