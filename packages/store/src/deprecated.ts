import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { SqlaDateTime } from '@forgedb/schema';
import { databaseClock as sqliteDatabaseClock } from './sqlite/index.js';

/*
 * The SQLite API as the package root exported it before the dialect split, kept for one release
 * so that code importing it from '@forgedb/store' keeps working. Its new home is
 * '@forgedb/store/sqlite'. Nothing in this repository imports these (docs/store.md, "Import paths").
 */
export {
  /** @deprecated Import it from '@forgedb/store/sqlite', or use openStore. */
  createFeaturesStore,
  /** @deprecated Import it from '@forgedb/store/sqlite', or use openStore. */
  createSchedulesStore,
  /** @deprecated Import it from '@forgedb/store/sqlite', or use openStore. */
  createConversationsStore,
  /** @deprecated Use `store.featureList.export(...)`, or import it from '@forgedb/store/sqlite'. */
  exportFeatureList,
  /** @deprecated Use `store.featureList.import(...)`, or import it from '@forgedb/store/sqlite'. */
  importFeatureList,
  /** @deprecated Import it from '@forgedb/store/sqlite'. */
  defaultExportFile,
  /** @deprecated Import it from '@forgedb/store/sqlite'. */
  projectDirOf,
} from './sqlite/index.js';

const clocks = new WeakMap<SqliteDatabase, { now(): SqlaDateTime }>();

/**
 * @deprecated The Clock is now `{ now() }`, bound to its connection: use `databaseClock(db)` from
 * '@forgedb/store/sqlite' (openStore's default clock already is the database's).
 */
export const databaseClock = {
  now(db: SqliteDatabase): SqlaDateTime {
    let clock = clocks.get(db);
    if (!clock) clocks.set(db, (clock = sqliteDatabaseClock(db)));
    return clock.now();
  },
};
