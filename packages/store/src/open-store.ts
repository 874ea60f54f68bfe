import { ValidationError } from '@forgedb/db-core';
import type { Store } from './api.js';
import { createStore } from './store.js';
import type { PgStoreOptions } from './pg/open-pg-store.js';
import type { SqliteStoreOptions, StoreLocation as SqliteLocation } from './sqlite/open-sqlite-store.js';

/** A project in a PostgreSQL database. */
export type PgLocation = Pick<PgStoreOptions, 'url' | 'project' | 'schema'>;

export type StoreLocation = SqliteLocation | PgLocation;
export type OpenStoreOptions = SqliteStoreOptions | PgStoreOptions;

/**
 * Opens a store, choosing the dialect from the location. Each adapter is loaded by dynamic
 * import, so a dialect's driver is loaded only by the callers that use it (docs/architecture.md):
 * SQLite users never load `pg`. SQLite files are brought to the current schema first (as
 * `forgedb migrate` does) unless `readOnly` is set; a PostgreSQL database is never changed
 * (`forgedb migrate --database-url` does that), and its project must exist.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if ('url' in options) {
    if (typeof options.url !== 'string' || !/^postgres(ql)?:\/\//.test(options.url)) {
      throw new ValidationError(
        'configuration',
        'A server store needs a postgres:// (or postgresql://) URL, e.g. { url: "postgres://agent@db:5432/forge", project: "my-app" }.',
        [{ path: 'url', message: 'not a postgres:// URL' }],
      );
    }
    const { openPgAdapters } = await import('./pg/open-pg-store.js');
    return createStore(await openPgAdapters(options));
  }
  const { openSqliteAdapters } = await import('./sqlite/open-sqlite-store.js');
  return createStore(openSqliteAdapters(options));
}
