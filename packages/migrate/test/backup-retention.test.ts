import Database from 'better-sqlite3';
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchemaError } from '@forgedb/db-core';
import { openDatabase, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { tempDir, workerScripts } from '@forgedb/test-utils';
import {
  DEFAULT_BACKUPS_KEPT,
  backupDatabase,
  contentDigest,
  listBackups,
  pruneBackups,
  removeStaleTempFiles,
  upgradeDatabase,
} from '../src/sqlite/index.js';
import type { UpgradeResult } from '../src/index.js';
import { appendMigration, copyFeaturesFolder } from './migration-folders.js';
import { dumpTable, makeOldestFile } from './legacy.js';

const workers = workerScripts(path.resolve(import.meta.dirname, 'workers'), { tsx: true });

const sideFiles = (file: string) =>
  readdirSync(path.dirname(file)).filter((n) => n.startsWith(`${path.basename(file)}.backup-`));

function legacyFile(rows = 50): string {
  const file = path.join(tempDir(), 'features.db');
  makeOldestFile(file, rows);
  return file;
}

function upgrade(file: string, options: Parameters<typeof upgradeDatabase>[2] = {}) {
  const db = openDatabase({ file });
  try {
    return upgradeDatabase(db, 'features', options);
  } finally {
    db.close();
  }
}

function manualBackup(file: string): string {
  const db = openDatabase({ file }, { readonly: true });
  try {
    return backupDatabase(db).file;
  } finally {
    db.close();
  }
}

const digest = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return contentDigest(db);
  } finally {
    db.close();
  }
};

/** A migrations folder whose extra last migration always fails, after the guards and the real migrations ran. */
function failingFolder(): string {
  const folder = copyFeaturesFolder();
  appendMigration(folder, '9000_fails', ['INSERT INTO no_such_table VALUES (1);']);
  return folder;
}

describe('backups of an upgrade that keeps failing', () => {
  it('an agent crash-looping on a failing upgrade leaves the backup history as it was', () => {
    const file = legacyFile();
    const history = [manualBackup(file)];
    const folder = failingFolder();
    for (let attempt = 0; attempt < DEFAULT_BACKUPS_KEPT + 3; attempt++) {
      expect(() => upgrade(file, { migrationsFolder: folder })).toThrow(/no such table: no_such_table/);
      expect(listBackups(file)).toEqual(history);
    }
    expect(sideFiles(file)).toEqual(history.map((f) => path.basename(f)));
  });

  it('a failed upgrade removes the backup it wrote (the file still holds that content)', () => {
    const file = legacyFile();
    const before = digest(file);
    expect(() => upgrade(file, { migrationsFolder: failingFolder() })).toThrow();
    expect(listBackups(file)).toEqual([]);
    expect(digest(file)).toBe(before);
  });

  it('a user column a migration would add is refused, typed and explained, before any change or backup', () => {
    const file = legacyFile();
    const db = new Database(file);
    db.exec('ALTER TABLE features ADD COLUMN claimed_by INTEGER');
    db.exec('UPDATE features SET claimed_by = id * 10');
    db.close();
    const before = digest(file);
    let error: unknown;
    try {
      upgrade(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchemaError);
    const message = (error as Error).message;
    expect(message).toContain('features.claimed_by already exists (declared as INTEGER)');
    expect(message).toContain('migration 0001_claim_leases adds a features.claimed_by column of its own');
    expect(message).toContain('ALTER TABLE features RENAME COLUMN claimed_by TO');
    expect(message).toMatch(/Nothing was changed\.$/);
    expect(message).not.toMatch(/duplicate column/);
    expect(digest(file)).toBe(before);
    expect(sideFiles(file)).toEqual([]);
    // A dry run says the same instead of printing a plan that cannot run.
    const dry = openDatabase({ file }, { readonly: true });
    try {
      expect(() => upgradeDatabase(dry, 'features', { dryRun: true })).toThrow(SchemaError);
    } finally {
      dry.close();
    }
  });
});

describe('which backups are kept', () => {
  it('a backup of a file without forgedb history is marked pre-forgedb; later ones are not', () => {
    const file = legacyFile();
    const first = manualBackup(file);
    expect(path.basename(first)).toMatch(/^features\.db\.backup-\d{8}T\d{9}Z-\d+-pre-forgedb$/);
    const result = upgrade(file);
    expect(result.changed).toBe(true);
    // The upgrade found that content already backed up and wrote no second copy.
    expect(result.backup).toBe(first);
    expect(listBackups(file)).toEqual([first]);
    const later = manualBackup(file);
    expect(path.basename(later)).toMatch(/^features\.db\.backup-\d{8}T\d{9}Z-\d+$/);
  });

  it('keeps the first pre-forgedb backup forever, plus the newest N', () => {
    const file = legacyFile();
    const first = upgrade(file, { backup: { keep: 3 } }).backup!;
    expect(first).toMatch(/-pre-forgedb$/);
    const made: string[] = [];
    for (let i = 0; i < 6; i++) {
      const db = new Database(file);
      db.prepare('UPDATE features SET name = ? WHERE id = 1').run(`edit ${i}`);
      db.close();
      made.push(manualBackup(file));
    }
    expect(pruneBackups(file, 3)).toEqual(made.slice(0, 3));
    expect(listBackups(file)).toEqual([first, ...made.slice(3)]);
  });

  it('skips a backup whose content equals the newest one, and writes one when the content differs', () => {
    const file = legacyFile();
    const folder = copyFeaturesFolder();
    const first = upgrade(file, { migrationsFolder: folder }).backup!;
    appendMigration(folder, '9000_extra', ['CREATE TABLE extra_one (id INTEGER PRIMARY KEY);']);
    const second = upgrade(file, { migrationsFolder: folder });
    expect(second.changed).toBe(true);
    expect(second.backup).not.toBe(first);
    expect(listBackups(file)).toEqual([first, second.backup]);
    const snapshot = digest(second.backup!);
    expect(snapshot).not.toBe(digest(first));
    appendMigration(folder, '9001_extra', ['CREATE TABLE extra_two (id INTEGER PRIMARY KEY);']);
    manualBackup(file);
    const third = upgrade(file, { migrationsFolder: folder });
    expect(listBackups(file)).toHaveLength(3);
    expect(third.backup).toBe(listBackups(file)[2]);
  });
});

describe('leftovers of killed backups', () => {
  it('are never listed as backups, and stale ones are removed when backups are pruned', () => {
    const file = legacyFile();
    const real = manualBackup(file);
    const dir = path.dirname(file);
    const stamp = '20260101T000000000Z';
    const leftovers = [
      `features.db.backup-${stamp}-999999.tmp-999999`,
      `features.db.backup-${stamp}-999999.tmp-999999-journal`,
      `features.db.backup-${stamp}-before-restore.tmp`,
      `features.db.backup-${stamp}-before-restore.tmp-journal`,
    ];
    // One being written right now by this very process: never touched.
    const live = `features.db.backup-${stamp}-${process.pid}.tmp-${process.pid}`;
    const old = new Date(Date.now() - 3600_000);
    for (const name of [...leftovers, live]) {
      writeFileSync(path.join(dir, name), 'partial');
      utimesSync(path.join(dir, name), old, old);
    }
    const fresh = `features.db.backup-${stamp}-999998.tmp-999998-journal`;
    writeFileSync(path.join(dir, fresh), 'partial');
    expect(listBackups(file)).toEqual([real]);

    expect(
      removeStaleTempFiles(file)
        .map((f) => path.basename(f))
        .sort(),
    ).toEqual([...leftovers].sort());
    expect(existsSync(path.join(dir, live))).toBe(true);
    expect(existsSync(path.join(dir, fresh))).toBe(true);
    expect(pruneBackups(file, 1)).toEqual([]);
    expect(listBackups(file)).toEqual([real]);
  });
});

describe('eight processes starting at once on one legacy file', () => {
  it('make exactly one backup, the one of the process that upgraded', async () => {
    const file = legacyFile(2000);
    const rows = dumpTable(file, 'features');
    const startAt = String(Date.now() + 2000);
    const runs = await Promise.all(
      Array.from({ length: 8 }, () => workers.run('upgrade-worker.ts', [file, startAt])),
    );
    for (const r of runs) expect(r, r.stderr).toMatchObject({ code: 0 });
    const results = runs.map((r) => JSON.parse(r.stdout) as { changed: boolean; backup: string | null });
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    const backup = results.find((r) => r.changed)!.backup!;
    expect(results.filter((r) => !r.changed).map((r) => r.backup)).toEqual(Array(7).fill(null));
    expect(listBackups(file)).toEqual([backup]);
    expect(sideFiles(file)).toEqual([path.basename(backup)]);
    expect(dumpTable(backup, 'features')).toEqual(rows);
  });
});

describe('another process upgrading during the first look', () => {
  /**
   * `db`, except that its first query of the file's indexes (midway through the plan, after the
   * history was read and before the pending migrations are checked against the columns) lets
   * another connection upgrade the file and commit.
   */
  function upgradedMidway(db: SqliteDatabase, file: string): SqliteDatabase {
    let other: UpgradeResult | undefined;
    return new Proxy(db, {
      get(target, prop) {
        if (prop === 'prepare') {
          return (source: string) => {
            if (other === undefined && source.includes('pragma_index_list')) other = upgrade(file);
            return target.prepare(source);
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  it('plans from one snapshot, so the columns the other process added are not mistaken for a user’s', () => {
    const file = legacyFile();
    const db = openDatabase({ file }, { journalMode: 'WAL' });
    try {
      const result = upgradeDatabase(upgradedMidway(db, file), 'features');
      // The other process upgraded; this one found, under the write lock, nothing left to do.
      expect(result).toMatchObject({ changed: false, applied: [], backup: null });
    } finally {
      db.close();
    }
    expect(listBackups(file)).toHaveLength(1);
  });
});
