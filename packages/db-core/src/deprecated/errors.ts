/**
 * The `@forgedb/db-core/errors` subpath: the dialect-free errors, plus, for one release, the
 * SQLite-only ones it used to export (deprecated: they moved to '@forgedb/db-core/sqlite').
 */
export * from '../errors/index.js';
export {
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  AsyncTransactionError,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  CannotOpenError,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  HotJournalError,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  NotADatabaseError,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  mapSqliteError,
} from '../deprecated.js';
