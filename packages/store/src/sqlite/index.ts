import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { ConversationsApi, FeaturesApi, SchedulesApi } from '../api.js';
import type { Clock } from '../clock.js';
import { createConversationsService } from '../conversations/index.js';
import { createFeaturesService } from '../features/index.js';
import { createSchedulesService } from '../schedules/index.js';
import { createSqliteConversationsAdapter } from './conversations-adapter.js';
import { databaseClock } from './database-clock.js';
import { createSqliteFeaturesAdapter, type SqliteFeaturesOptions } from './features-adapter.js';
import { createSqliteSchedulesAdapter } from './schedules-adapter.js';

/*
 * @forgedb/store/sqlite: the SQLite adapter, and the stores over one connection for callers that
 * manage their own (tests, the CLI). Most callers want openStore from the package root.
 */

export { createSqliteConversationsAdapter } from './conversations-adapter.js';
export { databaseClock } from './database-clock.js';
export { createSqliteFeatureListAdapter } from './feature-list-adapter.js';
export { defaultExportFile, exportFeatureList, projectDirOf } from './feature-list-export.js';
export { importFeatureList } from './feature-list-import.js';
export {
  createSqliteFeaturesAdapter,
  type SqliteFeaturesAdapter,
  type SqliteFeaturesOptions,
} from './features-adapter.js';
export { CHANGE_LOG_TRIGGERS } from './change-log.js';
export { queueDiagnostics, type QueueDiagnostics } from './queue-diagnostics.js';
export { openSqliteAdapters, type SqliteStoreOptions, type StoreLocation } from './open-sqlite-store.js';
export { createSqliteSchedulesAdapter } from './schedules-adapter.js';

/** The work queue over one upgraded features.db connection; default clock: the database's. */
export function createFeaturesStore(
  db: SqliteDatabase,
  clock: Clock = databaseClock(db),
  options: SqliteFeaturesOptions = {},
): FeaturesApi {
  return createFeaturesService(createSqliteFeaturesAdapter(db, clock, options));
}

/** Schedules over one upgraded features.db connection. */
export function createSchedulesStore(db: SqliteDatabase, clock: Clock = databaseClock(db)): SchedulesApi {
  return createSchedulesService(createSqliteSchedulesAdapter(db, clock));
}

/** Conversations over one upgraded assistant.db connection. */
export function createConversationsStore(
  db: SqliteDatabase,
  clock: Clock = databaseClock(db),
): ConversationsApi {
  return createConversationsService(createSqliteConversationsAdapter(db, clock));
}
export {
  copyIntoSqliteProject,
  createSqliteCopyTarget,
  openSqliteCopySource,
  type SqliteCopyLeaseState,
  type SqliteCopySide,
  type SqliteCopyTarget,
} from './copy-side.js';
