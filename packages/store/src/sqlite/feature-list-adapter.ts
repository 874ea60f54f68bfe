import { ValidationError } from '@forgedb/db-core';
import { MEMORY, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { FeatureListAdapter } from '../adapter.js';
import { exportFeatureList, projectDirOf } from './feature-list-export.js';
import { importFeatureList } from './feature-list-import.js';

/** feature_list.json in and out of one features.db; `projectDir` is where the store was opened, if anywhere. */
export function createSqliteFeatureListAdapter(
  db: SqliteDatabase,
  projectDir: string | undefined,
): FeatureListAdapter {
  const home = projectDir ?? (db.name === MEMORY || db.name === '' ? undefined : projectDirOf(db.name));
  return {
    import(from, options) {
      const dir = from ?? home;
      if (dir === undefined) {
        throw new ValidationError(
          'input',
          'An in-memory store has no project directory; pass the directory that holds feature_list.json.',
          [{ path: 'projectDir', message: 'required for an in-memory store' }],
        );
      }
      return importFeatureList(db, dir, options);
    },
    export(options) {
      return exportFeatureList(db, options.outFile, options);
    },
  };
}
