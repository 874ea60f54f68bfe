import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NotFoundError } from '@forgedb/db-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/api.js';
import { manualClock, type ManualClock } from '../src/clock.js';
import { openStore } from '../src/open-store.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/legacy');
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;
const step = (name: string) => ({ category: 'c', name, description: 'd', steps: ['one', 'two'] });

/** What only a SQLite file can show: stored text formats, legacy rows, the Python app's view. */
describe('SQLite storage details', () => {
  let dir: string;
  let file: string;
  let clock: ManualClock;
  let store: Store;
  const raw = (sql: string, ...params: unknown[]) => {
    const db = new Database(file);
    try {
      return db.prepare(sql).all(...params) as Record<string, unknown>[];
    } finally {
      db.close();
    }
  };
  const exec = (sql: string) => {
    const db = new Database(file);
    db.exec(sql);
    db.close();
  };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'forgedb-store-sqlite-'));
    file = path.join(dir, 'features.db');
    clock = manualClock('2026-03-04 05:06:07.123000');
    store = await openStore({ file, clock });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes JSON the way the Python app does: sorted `[1, 3]` lists, NULL for none', async () => {
    await store.features.createBulk([step('A'), step('B'), step('C')]);
    await store.features.setDependencies(3, [2, 1]);
    await store.features.setDependencies(2, [1]);
    await store.features.setDependencies(2, []);
    expect(raw('SELECT id, steps, dependencies, passes, in_progress FROM features ORDER BY id')).toEqual([
      { id: 1, steps: '["one", "two"]', dependencies: null, passes: 0, in_progress: 0 },
      { id: 2, steps: '["one", "two"]', dependencies: null, passes: 0, in_progress: 0 },
      { id: 3, steps: '["one", "two"]', dependencies: '[1, 2]', passes: 0, in_progress: 0 },
    ]);
  });

  it('returns from createBulk exactly the dicts a later get reads, after a gap in the ids', async () => {
    await store.features.create(step('A'));
    exec('UPDATE features SET id = 7, priority = 4 WHERE id = 1');
    const { features: made } = await store.features.createBulk([
      { ...step('B'), steps: ['é', 'tab\there', '"quoted"'] },
      step('C'),
      { ...step('D'), depends_on_indices: [1, 0] },
    ]);
    expect(made.map((f) => [f.id, f.priority, f.dependencies])).toEqual([
      [8, 5, []],
      [9, 6, []],
      [10, 7, [8, 9]],
    ]);
    for (const f of made) expect(await store.features.get(f.id)).toEqual(f);
  });

  it('records claims with the clock in SQLAlchemy DATETIME text and clears them on release', async () => {
    await store.features.create(step('A'));
    const { lease } = (await store.features.claimNext({ agent: 'worker-1', leaseSeconds: 90 }))!;
    expect(lease).toEqual({
      feature_id: 1,
      agent: 'worker-1',
      generation: 1,
      claimed_at: '2026-03-04 05:06:07.123000',
      lease_expires_at: '2026-03-04 05:07:37.123000',
      epoch: raw('SELECT epoch FROM __forgedb_lease_state')[0]!.epoch,
    });
    expect(lease.epoch).toMatch(/^[0-9a-f]{32}$/);
    expect(raw('SELECT claimed_by, claimed_at, lease_expires_at, claim_generation FROM features')[0]).toEqual(
      {
        claimed_by: 'worker-1',
        claimed_at: '2026-03-04 05:06:07.123000',
        lease_expires_at: '2026-03-04 05:07:37.123000',
        claim_generation: 1,
      },
    );
    await store.features.markPassing(1, { lease });
    expect(
      raw('SELECT claimed_by, claimed_at, lease_expires_at, passes, in_progress FROM features')[0],
    ).toEqual({
      claimed_by: null,
      claimed_at: null,
      lease_expires_at: null,
      passes: 1,
      in_progress: 0,
    });
  });

  it('uses the database clock by default', async () => {
    const real = await openStore({ file });
    const { lease } = (await real.features.claimNext({ agent: 'a' })) ?? { lease: null };
    await real.close();
    expect(lease).toBeNull();
    await store.features.create(step('A'));
    const again = await openStore({ file });
    const claimed = (await again.features.claimNext({ agent: 'a', leaseSeconds: 10 }))!;
    await again.close();
    expect(claimed.lease.claimed_at).toMatch(DATETIME);
    const drift = Math.abs(Date.parse(`${claimed.lease.claimed_at.replace(' ', 'T')}Z`) - Date.now());
    expect(drift).toBeLessThan(60_000);
  });

  it('reads legacy rows: malformed JSON as empty, missing dependency ids as blocking', async () => {
    await store.features.createBulk([step('A'), step('B'), step('C')]);
    exec(`UPDATE features SET steps = '{oops', dependencies = 'not json' WHERE id = 1;
          UPDATE features SET dependencies = '[99, "2", 1.0]' WHERE id = 2;`);
    expect(await store.features.get(1)).toMatchObject({ steps: [], dependencies: [] });
    expect(await store.features.get(2)).toMatchObject({ dependencies: [99] });
    expect((await store.features.ready()).features.map((f) => f.id)).toEqual([1, 3]);
    expect((await store.features.blocked()).features).toMatchObject([{ id: 2, blocked_by: [99] }]);
    expect((await store.features.graph()).edges).toContainEqual({ source: 99, target: 2 });
  });

  it('sees writes made by another connection (the Python app) at once', async () => {
    await store.features.createBulk([step('A'), step('B')]);
    expect((await store.features.ready()).features.map((f) => f.id)).toEqual([1, 2]);
    exec('UPDATE features SET passes = 1 WHERE id = 1');
    expect((await store.features.ready()).features.map((f) => f.id)).toEqual([2]);
  });

  it('never takes over a claim the Python app made; reclaimStale measures it from first sight', async () => {
    await store.features.create(step('A'));
    exec('UPDATE features SET in_progress = 1 WHERE id = 1');
    clock.advance(86_400);
    expect(await store.features.claimNext({ agent: 'a' })).toBeNull();
    expect(await store.features.reclaimStale({ olderThanSeconds: 600 })).toEqual({
      reclaimed: [],
      first_seen: [1],
    });
    clock.advance(300);
    expect(await store.features.reclaimStale({ olderThanSeconds: 600 })).toEqual({
      reclaimed: [],
      first_seen: [],
    });
    clock.advance(301);
    expect(await store.features.reclaimStale({ olderThanSeconds: 600 })).toEqual({
      reclaimed: [1],
      first_seen: [],
    });
    expect((await store.features.claimNext({ agent: 'a' }))?.feature.id).toBe(1);
  });

  it('forgets a lease when the Python app ends the claim, so its own later claim is never taken over', async () => {
    await store.features.create(step('A'));
    await store.features.claimNext({ agent: 'a', leaseSeconds: 60 });
    exec('UPDATE features SET in_progress = 0 WHERE id = 1');
    expect(raw('SELECT claimed_by, claimed_at, lease_expires_at FROM features')[0]).toEqual({
      claimed_by: null,
      claimed_at: null,
      lease_expires_at: null,
    });
    exec('UPDATE features SET in_progress = 1 WHERE id = 1');
    clock.advance(3600);
    expect(await store.features.claimNext({ agent: 'b' })).toBeNull();
  });

  it('leaves a file the Python app reads with its own queries', async () => {
    await store.features.createBulk([step('A'), { ...step('B'), depends_on_indices: [0] }]);
    const { lease } = (await store.features.claimNext({ agent: 'a' }))!;
    await store.features.markPassing(1, { lease });
    await store.features.claim(2);
    const out = execFileSync('python3', [
      '-c',
      `import sqlite3, json, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT id, passes, in_progress, dependencies, steps FROM features ORDER BY id").fetchall()
print(json.dumps([[r[0], bool(r[1]), bool(r[2]), json.loads(r[3]) if r[3] else None, json.loads(r[4])] for r in rows]))
c.execute("UPDATE features SET in_progress = 0 WHERE id = 2"); c.commit()`,
      file,
    ]).toString();
    expect(JSON.parse(out)).toEqual([
      [1, true, false, null, ['one', 'two']],
      [2, false, true, [1], ['one', 'two']],
    ]);
    expect((await store.features.get(2)).in_progress).toBe(false);
  });
});

describe('opening stores', () => {
  const tmp = () => mkdtempSync(path.join(tmpdir(), 'forgedb-open-'));

  it('upgrades a legacy project on open and serves it', async () => {
    const dir = tmp();
    copyFileSync(path.join(FIXTURES, 'features-v1-oldest.db'), path.join(dir, 'features.db'));
    chmodSync(path.join(dir, 'features.db'), 0o644);
    const before = new Database(path.join(dir, 'features.db'), { readonly: true });
    const count = (before.prepare('SELECT COUNT(*) AS n FROM features').get() as { n: number }).n;
    before.close();
    const store = await openStore({ projectDir: dir });
    expect((await store.features.stats()).total).toBe(count);
    const { items } = await store.features.list({ limit: 500 });
    expect(items).toHaveLength(count);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('with mustExist, refuses a missing project or database and creates nothing', async () => {
    const dir = tmp();
    const missing = path.join(dir, 'nope');
    await expect(openStore({ projectDir: missing, mustExist: true })).rejects.toBeInstanceOf(NotFoundError);
    expect(existsSync(missing)).toBe(false);
    mkdirSync(missing);
    await expect(openStore({ projectDir: missing, mustExist: true })).rejects.toBeInstanceOf(NotFoundError);
    expect(existsSync(path.join(missing, '.autoforge'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates assistant.db only when conversations are used', async () => {
    const dir = tmp();
    const store = await openStore({ file: path.join(dir, 'features.db') });
    await store.features.stats();
    expect(existsSync(path.join(dir, 'assistant.db'))).toBe(false);
    await store.conversations.list('demo');
    expect(existsSync(path.join(dir, 'assistant.db'))).toBe(true);
    await store.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
