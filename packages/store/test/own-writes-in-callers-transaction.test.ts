import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeaturesApi } from '../src/api.js';
import { manualClock } from '../src/clock.js';
import { createFeaturesStore } from '../src/sqlite/index.js';

const item = (name: string) => ({ category: 'c', name, description: 'd', steps: ['s'] });

/**
 * A store made over the caller's own connection (createFeaturesStore) runs its calls as savepoints
 * inside any transaction the caller opened, which the caller may still roll back: a rolled-back
 * write takes its change-log entry and sequence number with it, and what was read there may never
 * have been committed, so the queue snapshot must keep neither.
 */
describe("the store's own writes inside a transaction the caller opened", () => {
  let dir: string;
  let file: string;
  let db: SqliteDatabase;
  let features: FeaturesApi;
  const clock = manualClock('2026-05-01 00:00:00.000000');

  /** The ready list as a second connection, with no cache of its own, reads it. */
  async function fresh() {
    const other = openDatabase({ file });
    try {
      return await createFeaturesStore(other, clock).ready();
    } finally {
      other.close();
    }
  }

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'forgedb-callers-tx-'));
    file = path.join(dir, 'features.db');
    db = openDatabase({ file });
    upgradeDatabase(db, 'features', { backup: false });
    features = createFeaturesStore(db, clock);
    for (const name of ['a', 'b', 'c']) await features.create(item(name));
    await features.ready();
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a rolled-back write is never folded in, even when a later write reuses its log sequence number', async () => {
    db.exec('BEGIN IMMEDIATE');
    await features.markPassing(1);
    db.exec('ROLLBACK');
    // One log entry again, from a write the store never saw: the rolled-back one's number.
    db.prepare('UPDATE features SET passes = 1 WHERE id = 3').run();
    expect(await features.ready()).toEqual(await fresh());
  });

  it('a committed one is seen as well', async () => {
    db.exec('BEGIN IMMEDIATE');
    await features.markPassing(1);
    db.exec('COMMIT');
    expect(await features.ready()).toEqual(await fresh());
    expect((await features.ready()).features.map((f) => f.id)).not.toContain(1);
  });

  it("reads inside the caller's transaction leave nothing behind when it rolls back", async () => {
    db.exec('BEGIN IMMEDIATE');
    await features.markPassing(1);
    db.prepare('UPDATE features SET passes = 1 WHERE id = 2').run();
    expect((await features.ready()).features.map((f) => f.id)).toEqual([3]);
    db.exec('ROLLBACK');
    expect(await features.ready()).toEqual(await fresh());
    expect((await features.ready()).features.map((f) => f.id)).toEqual([1, 2, 3]);
  });
});
