export { advisoryLockKey, advisoryXactLock } from './advisory-lock.js';
export { isRetryablePgError, mapPgError, type PgErrorContext } from './errors.js';
export { defaultPoolSize, openPool, type ForgePgPool, type OpenPoolOptions } from './pool.js';
export { describeDatabase, redactSecrets, redactUrl } from './redact.js';
export { withTransaction, type IsolationLevel, type TransactionOptions } from './transaction.js';
