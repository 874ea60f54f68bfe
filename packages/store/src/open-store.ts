import { ValidationError } from '@forgedb/db-core';
import type { Store } from './api.js';
import { createStore } from './store.js';
import type { SqliteStoreOptions, StoreLocation as SqliteLocation } from './sqlite/open-sqlite-store.js';

/** A PostgreSQL database (not in this build yet: openStore refuses it with a ValidationError). */
export interface PgLocation {
  url: string;
}

export type StoreLocation = SqliteLocation | PgLocation;
export type OpenStoreOptions = SqliteStoreOptions | PgLocation;

/**
 * Opens a store, choosing the dialect from the location. The SQLite adapter is loaded by dynamic
 * import, so a dialect's driver is loaded only by the callers that use it (docs/architecture.md).
 * SQLite files are brought to the current schema first (as `forgedb migrate` does) unless
 * `readOnly` is set.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if ('url' in options) {
    throw new ValidationError(
      'configuration',
      'PostgreSQL support is not in this build yet; open a SQLite project with { projectDir }, { file } or { memory: true }.',
      [{ path: 'url', message: 'PostgreSQL is not supported yet' }],
    );
  }
  const { openSqliteAdapters } = await import('./sqlite/open-sqlite-store.js');
  return createStore(openSqliteAdapters(options));
}
