/*
 * The SQLite API as the package root exported it before the dialect split, kept for one release so
 * that sibling apps importing it from '@forgedb/db-core' keep working. Its new home is
 * '@forgedb/db-core/sqlite'; the root then exports the dialect-free errors only. Nothing in this
 * repository imports these (docs/foundation.md, "Import paths").
 */
export {
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  getConnection,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  dispose,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  disposeAll,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  initDefaultDatabase,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  getDefaultDatabase,
} from './sqlite/connection-cache.js';

export {
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  NotADatabaseError,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  AsyncTransactionError,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  CannotOpenError,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  HotJournalError,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  mapSqliteError,
} from './sqlite/errors.js';

export {
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  recoverHotJournal,
} from './sqlite/hot-journal.js';

export {
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  type JournalMode,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  type MountEntry,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  JOURNAL_MODE_ENV,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  isNetworkFsType,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  parseProcMounts,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  parseBsdMountOutput,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  findMount,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  isUncPath,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  parseNetUseOutput,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  parseJournalModeOverride,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  type DetectOptions,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  type JournalModeDecision,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  detectJournalMode,
} from './sqlite/journal-mode.js';

export {
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  makeDirectories,
} from './sqlite/make-directories.js';

export {
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  type SqliteDatabase,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  DEFAULT_BUSY_TIMEOUT_MS,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  MEMORY,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  type DatabaseTarget,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  type OpenOptions,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  type ConnectionInfo,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  resolveTarget,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  assertSqliteFile,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  openDatabase,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  applyJournalMode,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  connectionInfo,
} from './sqlite/open.js';

export {
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  PROJECT_DATA_DIRS,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  CURRENT_DATA_DIR,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  findProjectFile,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  resolveDatabaseFile,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  ensureParentDir,
} from './sqlite/paths.js';

export {
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  writeTransaction,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  readTransaction,
} from './sqlite/transaction.js';
