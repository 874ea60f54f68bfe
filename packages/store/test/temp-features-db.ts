import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';

export interface TempFeaturesDb {
  dir: string;
  db: SqliteDatabase;
}

/** A fresh project directory holding an upgraded features.db, open; for beforeEach. */
export function openTempFeaturesDb(prefix: string): TempFeaturesDb {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const db = openDatabase({ projectDir: dir, name: 'features.db' });
  upgradeDatabase(db, 'features');
  return { dir, db };
}

/** Closes the database and removes its directory; for afterEach. */
export function removeTempFeaturesDb({ dir, db }: TempFeaturesDb): void {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
