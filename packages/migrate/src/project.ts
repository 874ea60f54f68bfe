import { openDatabase, type OpenOptions } from '@forgedb/db-core';
import { DATABASE_FILE_NAMES, DATABASE_KINDS, type DatabaseKind } from '@forgedb/schema';
import { upgradeDatabase, type UpgradeOptions, type UpgradeResult } from './upgrade.js';

/** Upgrades both files of a project (features.db and assistant.db), each resolved the way the app does. */
export function upgradeProject(
  projectDir: string,
  options: UpgradeOptions & { open?: OpenOptions } = {},
): Record<DatabaseKind, UpgradeResult> {
  const results = {} as Record<DatabaseKind, UpgradeResult>;
  for (const kind of DATABASE_KINDS) {
    const db = openDatabase({ projectDir, name: DATABASE_FILE_NAMES[kind] }, options.open);
    try {
      results[kind] = upgradeDatabase(db, kind, options);
    } finally {
      db.close();
    }
  }
  return results;
}
