import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SchemaError } from '@forgedb/db-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/open-store.js';

/**
 * What a newer forgedb leaves behind after migrating a file: its own objects plus a history row
 * for a migration this version does not ship, carrying that migration's compatibility marker.
 */
function migrateAsNewerForgedb(file: string, tag: string, compatibility: string | null): void {
  const db = new Database(file);
  db.exec('CREATE INDEX ix_future_category ON features (category)');
  db.prepare(
    `INSERT INTO __forgedb_migrations (tag, hash, created_at, applied_at, method, compatibility)
     VALUES (?, 'newer-hash', 0, strftime('%Y-%m-%d %H:%M:%f', 'now'), 'applied', ?)`,
  ).run(tag, compatibility);
  db.close();
}

describe('an agent of this version, after another agent was upgraded further (rolling upgrade)', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'forgedb-rolling-'));
    file = path.join(dir, 'features.db');
    const store = await openStore({ file });
    await store.features.create({ category: 'c', name: 'A', description: 'd', steps: ['s'] });
    await store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps working on a file whose newer migrations are all backward compatible', async () => {
    migrateAsNewerForgedb(file, '0004_future_index', 'backward-compatible');
    const store = await openStore({ file });
    try {
      const claimed = await store.features.claimNext({ agent: 'old-agent' });
      expect(claimed?.feature.id).toBe(1);
      expect(await store.features.markPassing(1, { lease: claimed!.lease })).toMatchObject({ passes: true });
    } finally {
      await store.close();
    }
  });

  it.each([['incompatible'], [null]])(
    'refuses a file with a newer migration marked %s, saying which and to upgrade forgedb',
    async (compatibility) => {
      migrateAsNewerForgedb(file, '0004_future_rebuild', compatibility);
      const opening = openStore({ file });
      await expect(opening).rejects.toBeInstanceOf(SchemaError);
      await expect(opening).rejects.toThrow(
        /0004_future_rebuild.*not marked backward compatible.*Upgrade forgedb/,
      );
    },
  );
});
