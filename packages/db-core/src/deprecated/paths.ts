/** The `@forgedb/db-core/paths` subpath, deprecated for one release: its functions moved to '@forgedb/db-core/sqlite'. */
export {
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  CURRENT_DATA_DIR,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  PROJECT_DATA_DIRS,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  ensureParentDir,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  findProjectFile,
  /** @deprecated Import it from '@forgedb/db-core/sqlite'. */
  resolveDatabaseFile,
} from '../deprecated.js';
