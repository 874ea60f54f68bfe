import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { loadMigrations } from '@forgedb/schema';
import { tempDir } from '@forgedb/test-utils';
import { inspectDatabase, startNewLeaseEpoch, upgradeDatabase, verifyDatabase } from '../src/sqlite/index.js';
import { olderFeaturesFolder } from './migration-folders.js';
import { makeOldestFile } from './legacy.js';

const TRIGGER = 'features_end_claim_fences_lease';
const OLD_TRIGGER = 'features_end_claim_clears_lease';

function currentFile(): string {
  const file = path.join(tempDir(), 'features.db');
  makeOldestFile(file, 5);
  upgrade(file);
  return file;
}

function upgrade(file: string, migrationsFolder?: string) {
  const db = openDatabase({ file });
  try {
    return upgradeDatabase(db, 'features', { backup: false, migrationsFolder });
  } finally {
    db.close();
  }
}

function report(file: string) {
  const db = openDatabase({ file }, { readonly: true });
  try {
    const verify = verifyDatabase(db, 'features');
    return {
      ok: verify.ok,
      objects: verify.checks.find((c) => c.name === 'migration objects')!,
      status: inspectDatabase(db, 'features'),
    };
  } finally {
    db.close();
  }
}

function sql(file: string, statement: string, ...params: unknown[]): unknown[] {
  const db = new Database(file);
  try {
    const stmt = db.prepare(statement);
    return stmt.reader ? stmt.all(...params) : [stmt.run(...params)];
  } finally {
    db.close();
  }
}

const triggers = (file: string) =>
  (
    sql(file, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name") as { name: string }[]
  ).map((r) => r.name);
const leaseState = (file: string) =>
  sql(file, 'SELECT id, generation, epoch FROM __forgedb_lease_state') as {
    id: number;
    generation: number;
    epoch: string;
  }[];

describe('migration 0003_lease_fencing', () => {
  it('upgrades a file at 0002: counter at the highest generation, a fresh epoch, the trigger replaced', () => {
    const file = path.join(tempDir(), 'features.db');
    makeOldestFile(file, 5);
    upgrade(file, olderFeaturesFolder(3));
    expect(triggers(file)).toEqual([OLD_TRIGGER]);
    sql(file, 'UPDATE features SET in_progress = 1, claimed_by = ?, claim_generation = 41 WHERE id = 2', 'a');

    expect(upgrade(file).applied).toEqual(['0003_lease_fencing']);
    expect(triggers(file)).toEqual([TRIGGER]);
    const [state, ...others] = leaseState(file);
    expect(others).toEqual([]);
    expect(state).toMatchObject({ id: 1, generation: 41 });
    expect(state!.epoch).toMatch(/^[0-9a-f]{32}$/);
    expect(report(file).ok).toBe(true);

    // The claim in progress survives the upgrade; its end moves the generation past all issued.
    sql(file, 'UPDATE features SET in_progress = 0 WHERE id = 2');
    expect(sql(file, 'SELECT claimed_by, claim_generation FROM features WHERE id = 2')).toEqual([
      { claimed_by: null, claim_generation: 42 },
    ]);
  });

  it('a new file gets its own random epoch', () => {
    const epochs = new Set([currentFile(), currentFile()].map((f) => leaseState(f)[0]!.epoch));
    expect(epochs.size).toBe(2);
  });

  it('startNewLeaseEpoch replaces the epoch, and is a no-op on a file without lease state', () => {
    const file = currentFile();
    const before = leaseState(file)[0]!;
    const db = new Database(file);
    expect(startNewLeaseEpoch(db)).toBe(true);
    db.close();
    const after = leaseState(file)[0]!;
    expect(after.generation).toBe(before.generation);
    expect(after.epoch).not.toBe(before.epoch);

    const older = path.join(tempDir(), 'features.db');
    upgrade(older, olderFeaturesFolder(3));
    const old = new Database(older);
    expect(startNewLeaseEpoch(old)).toBe(false);
    old.close();
  });
});

describe('verify reports, and migrate restores, what the migrations created', () => {
  const created = loadMigrations('features', 'sqlite')
    .flatMap((m) => m.statements)
    .find((s) => s.includes(`CREATE TRIGGER IF NOT EXISTS \`${TRIGGER}\``))!;

  it.each([
    ['a dropped lease trigger', `DROP TRIGGER ${TRIGGER}`, 'is missing'],
    [
      'a lease trigger altered to the 0002 behaviour',
      `DROP TRIGGER ${TRIGGER};
       CREATE TRIGGER ${TRIGGER} AFTER UPDATE OF in_progress ON features WHEN NEW.in_progress = 0
       BEGIN UPDATE features SET claimed_by = NULL WHERE id = NEW.id; END`,
      'differs from what 0003_lease_fencing creates',
    ],
  ])('%s: verify fails, status plans the repair, migrate restores it', (_name, damage, problem) => {
    const file = currentFile();
    const db = new Database(file);
    db.exec(damage);
    db.close();

    const before = report(file);
    expect(before.ok).toBe(false);
    expect(before.objects.problems).toEqual([`trigger ${TRIGGER} ${problem} (forgedb migrate repairs it)`]);
    expect(before.status.shape).toBe('baseline');
    expect(before.status.guardsNeeded).toEqual([expect.stringMatching(`^restore trigger ${TRIGGER}`)]);

    const result = upgrade(file);
    expect(result.guardsApplied).toEqual([`restore-trigger:${TRIGGER}`]);
    expect(result.applied).toEqual([]);
    const after = report(file);
    expect(after.ok).toBe(true);
    expect(after.status.shape).toBe('current');
    const stored = sql(file, 'SELECT sql FROM sqlite_master WHERE name = ?', TRIGGER) as { sql: string }[];
    expect(stored[0]!.sql).toBe(created.replace('IF NOT EXISTS ', '').replace(/;$/, ''));
  });

  it('accepts the trigger re-created with other quoting, case and spacing', () => {
    const file = currentFile();
    const db = new Database(file);
    const retyped = created
      .replace(/`/g, '"')
      .replace('IF NOT EXISTS ', '')
      .replace(/\n\s*/g, ' ')
      .replace('BEGIN', 'begin')
      .replace('WHEN', 'when');
    db.exec(`DROP TRIGGER ${TRIGGER}; ${retyped}`);
    db.close();
    expect(report(file).ok).toBe(true);
  });

  it('drops the 0002 trigger if it comes back, since 0003 replaced it', () => {
    const file = currentFile();
    const old = loadMigrations('features', 'sqlite').find((m) => m.tag === '0002_lease_reset_trigger')!;
    const db = new Database(file);
    db.exec(old.statements[0]!);
    db.close();
    expect(report(file).objects.problems).toEqual([
      `trigger ${OLD_TRIGGER} is present, but 0003_lease_fencing dropped it (forgedb migrate repairs it)`,
    ]);
    expect(upgrade(file).guardsApplied).toEqual([`drop-trigger:${OLD_TRIGGER}`]);
    expect(triggers(file)).toEqual([TRIGGER]);
  });

  it('an emptied or dropped lease state is restored with a new epoch', () => {
    const file = currentFile();
    const { epoch } = leaseState(file)[0]!;
    sql(file, 'DELETE FROM __forgedb_lease_state');
    expect(report(file).objects.problems).toEqual([
      'table __forgedb_lease_state is empty; 0003_lease_fencing seeds it (forgedb migrate repairs it)',
    ]);
    expect(upgrade(file).guardsApplied).toEqual(['seed-table:__forgedb_lease_state']);
    const [seeded, ...more] = leaseState(file);
    expect(more).toEqual([]);
    expect(seeded).toMatchObject({ id: 1, generation: 0 });
    expect(seeded!.epoch).not.toBe(epoch);

    sql(file, 'DROP TABLE __forgedb_lease_state');
    expect(report(file).objects.problems).toEqual([
      'table __forgedb_lease_state (created by 0003_lease_fencing) is missing (forgedb migrate repairs it)',
    ]);
    expect(upgrade(file).guardsApplied).toEqual(['create-table:__forgedb_lease_state']);
    expect(leaseState(file)).toHaveLength(1);
    expect(report(file).ok).toBe(true);
  });

  it('expects nothing of a migration that is still pending', () => {
    const file = path.join(tempDir(), 'features.db');
    makeOldestFile(file, 2);
    upgrade(file, olderFeaturesFolder(3));
    const r = report(file);
    expect(r.objects.problems).toEqual([]);
    expect(r.status.guardsNeeded).toEqual([]);
    expect(r.status.pending).toEqual(['0003_lease_fencing']);
  });
});
