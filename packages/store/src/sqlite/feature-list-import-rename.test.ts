import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as NodeFs from 'node:fs';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import { importFeatureList } from './feature-list-import.js';
import { openTempFeaturesDb, removeTempFeaturesDb } from '../../test/temp-features-db.js';

// The rename is the one step after COMMIT; make it fail the way a locked file on Windows or a
// read-only directory would.
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof NodeFs>();
  return {
    ...fs,
    renameSync: (from: string, to: string) => {
      if (String(from).endsWith('feature_list.json'))
        throw Object.assign(new Error('EPERM: operation not permitted, rename'), { code: 'EPERM' });
      fs.renameSync(from, to);
    },
  };
});

let dir: string;
let db: SqliteDatabase;

beforeEach(() => {
  ({ dir, db } = openTempFeaturesDb('forgedb-import-rename-'));
});
afterEach(() => removeTempFeaturesDb({ dir, db }));

it('keeps the import and returns a warning when the file cannot be renamed', () => {
  writeFileSync(path.join(dir, 'feature_list.json'), JSON.stringify([{ name: 'a' }, { name: 'b' }]));
  const result = importFeatureList(db, dir);
  expect(result.imported).toBe(2);
  expect(result.backupFile).toBeUndefined();
  expect(result.warning).toMatch(/Imported 2 feature\(s\), but could not rename .*EPERM/);
  expect(db.prepare('SELECT count(*) FROM features').pluck().get()).toBe(2);
  expect(existsSync(path.join(dir, 'feature_list.json'))).toBe(true);
  // The leftover file is ignored from now on, because the table is no longer empty.
  expect(importFeatureList(db, dir)).toMatchObject({ imported: 0, skipped: 'database_not_empty' });
});
