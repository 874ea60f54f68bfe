import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/api.js';
import { importFeatureList } from '../src/sqlite/index.js';
import { openStore } from '../src/open-store.js';

const LEGACY_DDL = path.resolve(import.meta.dirname, '../../../fixtures/legacy-ddl');

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A project whose features.db was first created by a Python version that modelled
 * testing_in_progress (NOT NULL, no default): built from the real DDL, with or without the seed rows.
 */
function legacyProject(variant: 'a' | 'b', seed: boolean): { projectDir: string; file: string } {
  const projectDir = mkdtempSync(path.join(tmpdir(), 'forgedb-store-testing-column-'));
  dirs.push(projectDir);
  mkdirSync(path.join(projectDir, '.autoforge'));
  const file = path.join(projectDir, '.autoforge', 'features.db');
  const db = new Database(file);
  db.exec(readFileSync(path.join(LEGACY_DDL, `features-testing-column-${variant}.sql`), 'utf8'));
  if (seed) db.exec(readFileSync(path.join(LEGACY_DDL, 'testing-column-seed.sql'), 'utf8'));
  db.close();
  return { projectDir, file };
}

const leftovers = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT id, testing_in_progress, last_tested_at FROM features ORDER BY id').all() as {
      id: number;
      testing_in_progress: number;
      last_tested_at: string | null;
    }[];
  } finally {
    db.close();
  }
};

const item = (name: string) => ({ category: 'legacy', name, description: 'd', steps: ['s'] });

describe.each(['a', 'b'] as const)(
  'a features.db of Python variant %s (testing_in_progress NOT NULL, no default)',
  (variant) => {
    it('the store upgrades it on open, and create and createBulk then succeed', async () => {
      const { projectDir, file } = legacyProject(variant, true);
      const before = leftovers(file);
      const store = await openStore({ projectDir });
      stores.push(store);
      const one = await store.features.create(item('after upgrade'));
      const bulk = await store.features.createBulk([item('bulk 1'), item('bulk 2')]);
      expect(one.id).toBe(1001);
      expect(bulk.features.map((f) => f.id)).toEqual([1002, 1003]);
      expect((await store.features.stats()).total).toBe(43);
      const after = leftovers(file);
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.slice(before.length)).toEqual([
        { id: 1001, testing_in_progress: 0, last_tested_at: null },
        { id: 1002, testing_in_progress: 0, last_tested_at: null },
        { id: 1003, testing_in_progress: 0, last_tested_at: null },
      ]);
    });

    it('feature_list.json imports into it after the upgrade', () => {
      const { projectDir, file } = legacyProject(variant, false);
      writeFileSync(
        path.join(projectDir, 'feature_list.json'),
        JSON.stringify([
          { name: 'one', steps: ['a'] },
          { name: 'two', dependencies: [1] },
        ]),
      );
      const db = openDatabase({ file });
      try {
        // What `forgedb import-json` does: the upgrade first, then the import.
        upgradeDatabase(db, 'features');
        expect(importFeatureList(db, projectDir).imported).toBe(2);
      } finally {
        db.close();
      }
      expect(leftovers(file)).toEqual([
        { id: 1, testing_in_progress: 0, last_tested_at: null },
        { id: 2, testing_in_progress: 0, last_tested_at: null },
      ]);
    });
  },
);
