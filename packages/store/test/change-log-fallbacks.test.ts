import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { backupDatabase, restoreBackup, upgradeDatabase } from '@forgedb/migrate/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/api.js';
import { manualClock } from '../src/clock.js';
import { openStore } from '../src/open-store.js';
import { queueDiagnostics, type QueueDiagnostics } from '../src/sqlite/queue-diagnostics.js';

const item = (name: string) => ({ category: 'c', name, description: 'd', steps: ['s'] });

/** How each kind of write is caught up with, seen through the snapshot's counters. */
describe('the queue snapshot after writes by a connection that knows nothing of forgedb', () => {
  let dir: string;
  let file: string;
  let store: Store;
  let raw: Database.Database;
  const clock = manualClock('2026-05-01 00:00:00.000000');

  const open = (incrementalQueue?: boolean) => openStore({ file, clock, backup: false, incrementalQueue });
  /** The counters' movement over one `ready` call after `write`. */
  async function after(write: () => unknown, s = store): Promise<QueueDiagnostics> {
    await s.features.ready();
    const before = queueDiagnostics(s.features)!;
    await write();
    await s.features.ready();
    const now = queueDiagnostics(s.features)!;
    return {
      fullReads: now.fullReads - before.fullReads,
      incrementalRefreshes: now.incrementalRefreshes - before.incrementalRefreshes,
      graphRebuilds: now.graphRebuilds - before.graphRebuilds,
    };
  }
  /** The store's caught-up queue and graph equal a fresh store's full read. */
  async function expectSameAsFullRead(): Promise<void> {
    const reference = await open(false);
    try {
      expect(await store.features.ready()).toEqual(await reference.features.ready());
      expect(await store.features.graph()).toEqual(await reference.features.graph());
    } finally {
      await reference.close();
    }
  }
  const migrate = () => {
    const db = openDatabase({ file });
    try {
      upgradeDatabase(db, 'features', { backup: false });
    } finally {
      db.close();
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'forgedb-change-log-'));
    file = path.join(dir, 'features.db');
    store = await open();
    await store.features.createBulk([item('a'), item('b'), item('c'), item('d')]);
    raw = new Database(file);
  });
  afterEach(async () => {
    raw.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a status change re-reads only the changed row and keeps the scores', async () => {
    expect(await after(() => raw.exec('UPDATE features SET passes = 1 WHERE id = 1'))).toEqual({
      fullReads: 0,
      incrementalRefreshes: 1,
      graphRebuilds: 0,
    });
    expect((await store.features.ready()).features.map((f) => f.id)).toEqual([2, 3, 4]);
  });

  it('a priority change moves only that feature: its score from the kept graph parts, no graph rebuild', async () => {
    for (const sql of [
      'UPDATE features SET priority = 0 WHERE id = 4',
      'UPDATE features SET priority = 20 WHERE id = 1',
    ]) {
      expect(await after(() => raw.exec(sql)), sql).toEqual({
        fullReads: 0,
        incrementalRefreshes: 1,
        graphRebuilds: 0,
      });
    }
    await expectSameAsFullRead();
  });

  it('a dependency or id change, a create, a delete or a REPLACE recomputes the graph without a full read', async () => {
    for (const sql of [
      "UPDATE features SET dependencies = '[2]' WHERE id = 3",
      'UPDATE features SET id = 10 WHERE id = 1',
      "INSERT INTO features (priority, category, name, description, steps) VALUES (9, 'c', 'py', 'd', '[]')",
      'DELETE FROM features WHERE id = 2',
      "INSERT OR REPLACE INTO features (id, priority, category, name, description, steps, dependencies) VALUES (4, 7, 'c', 'r', 'd', '[]', '[1]')",
    ]) {
      expect(await after(() => raw.exec(sql)), sql).toEqual({
        fullReads: 0,
        incrementalRefreshes: 1,
        graphRebuilds: 1,
      });
    }
    await expectSameAsFullRead();
    expect((await store.features.blocked()).features.map((f) => [f.id, f.blocked_by])).toEqual([
      [3, [2]],
      [4, [1]],
    ]);
  });

  it('claimNext reads only what another connection changed (in its read transaction; the write transaction then has nothing to read)', async () => {
    await store.features.ready();
    const before = queueDiagnostics(store.features)!;
    raw.exec('UPDATE features SET passes = 1 WHERE id IN (1, 2)');
    expect((await store.features.claimNext({ agent: 'a' }))?.feature.id).toBe(3);
    const now = queueDiagnostics(store.features)!;
    expect([
      now.fullReads - before.fullReads,
      now.incrementalRefreshes - before.incrementalRefreshes,
    ]).toEqual([0, 1]);
  });

  it("the store's own claims and passes are folded in without reading anything back", async () => {
    const d = await after(async () => {
      const c = await store.features.claimNext({ agent: 'a' });
      await store.features.markPassing(c!.feature.id, { lease: c!.lease });
    });
    expect(d).toEqual({ fullReads: 0, incrementalRefreshes: 0, graphRebuilds: 0 });
  });

  it("the store's own writes, folded in by the next read, are caught up through the log when that read sees more", async () => {
    // Another connection's write after one of ours: nothing is folded, the log names both.
    expect(
      await after(async () => {
        await store.features.claim(1, { agent: 'a' });
        raw.exec('UPDATE features SET passes = 1 WHERE id = 2');
      }),
    ).toEqual({ fullReads: 0, incrementalRefreshes: 1, graphRebuilds: 0 });
    await expectSameAsFullRead();
    // More own writes than are kept between two reads (64): the log names them too.
    expect(
      await after(async () => {
        for (let k = 0; k < 40; k++) {
          const { lease } = await store.features.claim(3, { agent: 'a' });
          await store.features.release(lease);
        }
        await store.features.claim(4, { agent: 'a' });
      }),
    ).toEqual({ fullReads: 0, incrementalRefreshes: 1, graphRebuilds: 0 });
    await expectSameAsFullRead();
  });

  it('a dropped trigger means full reads until migrate restores it, then incremental again', async () => {
    expect(await after(() => raw.exec('DROP TRIGGER features_log_update'))).toMatchObject({ fullReads: 1 });
    expect(await after(() => raw.exec('UPDATE features SET passes = 1 WHERE id = 1'))).toMatchObject({
      fullReads: 1,
      incrementalRefreshes: 0,
    });
    expect((await store.features.ready()).features.map((f) => f.id)).toEqual([2, 3, 4]);
    expect(await after(migrate)).toMatchObject({ fullReads: 1 });
    expect(await after(() => raw.exec('UPDATE features SET passes = 1 WHERE id = 2'))).toEqual({
      fullReads: 0,
      incrementalRefreshes: 1,
      graphRebuilds: 0,
    });
    expect((await store.features.ready()).features.map((f) => f.id)).toEqual([3, 4]);
  });

  it('a restore, or a reader left behind by pruning, means one full read', async () => {
    const db = openDatabase({ file });
    const saved = backupDatabase(db, path.join(dir, 'saved.db')).file;
    db.close();
    raw.exec('UPDATE features SET passes = 1 WHERE id = 1');
    expect(await after(() => restoreBackup(saved, file))).toMatchObject({
      fullReads: 1,
      incrementalRefreshes: 0,
    });
    expect((await store.features.ready()).features.map((f) => f.id)).toEqual([1, 2, 3, 4]);

    const flip = raw.prepare('UPDATE features SET in_progress = NOT IFNULL(in_progress, 0) WHERE id = 4');
    expect(
      await after(() =>
        raw.transaction(() => {
          raw.exec('UPDATE features SET passes = 1 WHERE id = 2');
          for (let i = 0; i < 6000; i++) flip.run();
        })(),
      ),
    ).toMatchObject({ fullReads: 1, incrementalRefreshes: 0 });
    expect((await store.features.ready()).features.map((f) => f.id)).toEqual([1, 3, 4]);
  });

  it('the kill switch (option or FORGEDB_INCREMENTAL_QUEUE=0) reads everything after every change', async () => {
    const off = await open(false);
    process.env.FORGEDB_INCREMENTAL_QUEUE = '0';
    const offByEnv = await open();
    delete process.env.FORGEDB_INCREMENTAL_QUEUE;
    try {
      for (const s of [off, offByEnv]) {
        expect(
          await after(() => raw.exec('UPDATE features SET passes = NOT passes WHERE id = 1'), s),
        ).toEqual({
          fullReads: 1,
          incrementalRefreshes: 0,
          graphRebuilds: 0,
        });
      }
    } finally {
      await off.close();
      await offByEnv.close();
    }
  });
});
