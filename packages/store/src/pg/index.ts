/*
 * @forgedb/store/pg: the PostgreSQL adapter, and project creation for the tools that make
 * projects (`forgedb copy`, `forgedb import-json`). Most callers want openStore({ url, project })
 * from the package root.
 */

export { createPgConversationsAdapter } from './conversations-adapter.js';
export { createPgFeatureListAdapter } from './feature-list-adapter.js';
export { createPgFeaturesAdapter } from './features-adapter.js';
export { openPgAdapters, type PgStoreOptions } from './open-pg-store.js';
export { createPgContext, type PgContext } from './pg-context.js';
export { dropEmptyPgProject } from './drop-project.js';
export { createPgProject } from './projects.js';
export { createPgSchedulesAdapter } from './schedules-adapter.js';
export {
  copyIntoPg,
  copyIntoPgLocation,
  openPgCopyLocation,
  openPgCopySource,
  type CopyIntoPgOptions,
  type CopyLeaseState,
  type PgCopySource,
} from './copy-side.js';
