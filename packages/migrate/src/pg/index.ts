export { dataLoss } from './data-loss.js';
export { readPgHistory, type PgAppliedMigration } from './history.js';
export {
  BASE,
  migratePg,
  migrationLockKey,
  PG_KINDS,
  pgMigrationTargets,
  planPgMigration,
  type PgMigrateOptions,
  type PgMigrateResult,
  type PgPlannedStep,
} from './migrate.js';
export {
  pgStatus,
  type PgInspectOptions,
  type PgProjectStatus,
  type PgStatus,
  type PgStreamStatus,
} from './status.js';
export { verifyPg, type PgCheck, type PgVerifyReport } from './verify.js';
