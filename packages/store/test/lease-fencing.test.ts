import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { backupDatabase, restoreBackup } from '@forgedb/migrate/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lease, Store } from '../src/api.js';
import { manualClock, type ManualClock } from '../src/clock.js';
import { LeaseLostError } from '../src/errors.js';
import { openStore } from '../src/open-store.js';

const step = (name: string) => ({ category: 'c', name, description: 'd', steps: ['one'] });

/*
 * The Python app knows nothing of leases: it claims with `in_progress = 1`, ends a claim with
 * `in_progress = 0`, and inserts naming only its own columns. Here a plain connection plays it, on
 * a file with nothing but what forgedb's migrations put there.
 */
const PYTHON = {
  claim: 'UPDATE features SET in_progress = 1 WHERE id = ? AND passes = 0 AND in_progress = 0',
  endClaim: 'UPDATE features SET in_progress = 0 WHERE id = ?',
  markPassing: 'UPDATE features SET passes = 1, in_progress = 0 WHERE id = ?',
  insert: `INSERT INTO features (id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input)
           VALUES (?, 1, 'py', 'from python', 'd', '["a"]', 0, 0, NULL, 0)`,
};

describe('a lease matches only the claim it was issued for, whatever the Python app does', () => {
  let dir: string;
  let file: string;
  let clock: ManualClock;
  let store: Store;
  const python = (sql: string, ...params: unknown[]) => {
    const db = new Database(file);
    try {
      return db.prepare(sql).run(...params).changes;
    } finally {
      db.close();
    }
  };
  const row = (id: number) => {
    const db = new Database(file, { readonly: true });
    try {
      return db
        .prepare(
          'SELECT passes, in_progress, claimed_by, claimed_at, lease_expires_at, claim_generation FROM features WHERE id = ?',
        )
        .get(id) as Record<string, unknown>;
    } finally {
      db.close();
    }
  };
  /** Every write a holder can make with its lease, each expected to be refused and change nothing. */
  const expectAllRefused = async (lease: Lease) => {
    const id = lease.feature_id;
    const before = row(id);
    await expect(store.features.renew(lease, { leaseSeconds: 1 })).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.features.markPassing(id, { lease })).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.features.markFailing(id, { lease })).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.features.skip(id, { lease })).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.features.clearInProgress(id, { lease })).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.features.release(lease)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(
      store.features.requestHumanInput(id, { prompt: 'p', fields: [{ id: 'x', label: 'X' }] }, { lease }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    expect(row(id)).toEqual(before);
  };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'forgedb-fencing-'));
    file = path.join(dir, 'features.db');
    clock = manualClock('2026-03-04 05:06:07.123000');
    store = await openStore({ file, clock });
    await store.features.createBulk([step('A'), step('B')]);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the Python app ends the claim and claims the feature itself: the old lease is dead', async () => {
    const a = (await store.features.claimNext({ agent: 'a', leaseSeconds: 60 }))!;
    expect(python(PYTHON.endClaim, 1)).toBe(1);
    expect(python(PYTHON.claim, 1)).toBe(1);
    expect(row(1)).toMatchObject({ in_progress: 1, claimed_by: null, lease_expires_at: null });
    await expectAllRefused(a.lease);
    // The Python claim carries no lease, so no other agent takes it over either.
    clock.advance(3600);
    expect(await store.features.claimNext({ agent: 'b' })).toMatchObject({ feature: { id: 2 } });
    expect(await store.features.claimNext({ agent: 'b' })).toBeNull();
  });

  it("forgedb's own lease-less end, then a plain `in_progress = 1`: the old lease is dead", async () => {
    const a = (await store.features.claimNext({ agent: 'a' }))!;
    await store.features.clearInProgress(1);
    expect(python('UPDATE features SET in_progress = 1 WHERE id = 1')).toBe(1);
    await expectAllRefused(a.lease);
  });

  it('the Python app passes a feature and a later failing run reopens it: the old lease is dead', async () => {
    const a = (await store.features.claimNext({ agent: 'a' }))!;
    python(PYTHON.markPassing, 1);
    python('UPDATE features SET passes = 0 WHERE id = 1');
    python(PYTHON.claim, 1);
    await expectAllRefused(a.lease);
  });

  it("a lease made up for a pure Python claim (generation 0 or the row's own) is refused", async () => {
    python(PYTHON.claim, 1);
    const generation = row(1).claim_generation as number;
    for (const made of [
      { feature_id: 1, generation: 0 },
      { feature_id: 1, generation },
      { feature_id: 1, agent: null, generation, claimed_at: '', lease_expires_at: null, epoch: '' },
    ]) {
      await expectAllRefused(made as Lease);
    }
    expect(row(1)).toMatchObject({ in_progress: 1, lease_expires_at: null, passes: 0 });
  });

  it('a feature deleted and inserted again under the same id never accepts a lease of the old row', async () => {
    const a = (await store.features.claimNext({ agent: 'a' }))!;
    python('DELETE FROM features WHERE id = 1');
    python(PYTHON.insert, 1);
    python(PYTHON.claim, 1);
    await expectAllRefused(a.lease);
    python(PYTHON.endClaim, 1);
    const again = await store.features.claim(1, { agent: 'a' });
    expect(again.lease.generation).toBeGreaterThan(a.lease.generation);
    await expect(store.features.renew(a.lease)).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('the end-of-claim trigger fences every writer: its generation moves above all issued ones', async () => {
    const a = (await store.features.claim(1, { agent: 'a' })).lease;
    const b = (await store.features.claim(2, { agent: 'b' })).lease;
    python(PYTHON.endClaim, 1);
    expect(row(1)).toMatchObject({ claimed_by: null, claimed_at: null, lease_expires_at: null });
    expect(row(1).claim_generation as number).toBeGreaterThan(Math.max(a.generation, b.generation));
    // An UPDATE that names in_progress without changing it ends nothing.
    python('UPDATE features SET in_progress = in_progress WHERE id = 2');
    expect((await store.features.renew(b)).generation).toBe(b.generation);
  });

  it('a restore starts a new lease epoch: a lease from before it never matches, even an identical claim', async () => {
    const conn = new Database(file);
    const backup = backupDatabase(conn, path.join(dir, 'before-claim.db')).file;
    conn.close();
    const a = (await store.features.claimNext({ agent: 'a', leaseSeconds: 60 }))!;
    await restoreBackup(backup, file);
    // Same agent, same clock, same restored counter: the same generation and claim time again.
    const again = (await store.features.claimNext({ agent: 'a', leaseSeconds: 60 }))!;
    expect(again.lease).toMatchObject({
      feature_id: a.lease.feature_id,
      generation: a.lease.generation,
      claimed_at: a.lease.claimed_at,
    });
    expect(again.lease.epoch).not.toBe(a.lease.epoch);
    await expectAllRefused(a.lease);
    expect(await store.features.markPassing(1, { lease: again.lease })).toMatchObject({ passes: true });
  });
});
