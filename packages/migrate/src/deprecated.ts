/*
 * The SQLite upgrade, backup, restore, status and verify API as the package root exported it
 * before the dialect split, kept for one release so that sibling apps importing it from
 * '@forgedb/migrate' keep working. Its new home is '@forgedb/migrate/sqlite'; the root then
 * exports the dialect-free planning, history and report types only. Nothing in this repository
 * imports these (docs/migrations.md, "Import paths").
 */
export {
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  DEFAULT_BACKUPS_KEPT,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  PRE_FORGEDB_MARK,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  STALE_TEMP_MS,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  defaultBackupPath,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  listBackups,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  removeStaleTempFiles,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  isPreForgedbBackup,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  pruneBackups,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  type BackupResult,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  backupDatabase,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  backupBeforeUpgrade,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  type RestoreOptions,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  type RestoreResult,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  restoreBackup,
} from './sqlite/backup.js';

export {
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  contentDigest,
} from './sqlite/content-digest.js';

export {
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  databaseKindOf,
} from './sqlite/database-kind.js';

export {
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  readHistory,
} from './sqlite/history.js';

export {
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  inspectDatabase,
} from './sqlite/inspect.js';

export {
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  startNewLeaseEpoch,
} from './sqlite/lease-epoch.js';

export {
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  type Guard,
} from './sqlite/guards.js';

export {
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  migrationSetFor,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  upgradeDatabase,
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  type UpgradeOptions,
} from './sqlite/upgrade.js';

export {
  /** @deprecated Import it from '@forgedb/migrate/sqlite'. */
  verifyDatabase,
} from './sqlite/verify.js';
