import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchemaError } from '@forgedb/db-core';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { sha256, tempDir } from '@forgedb/test-utils';
import { inspectDatabase, readHistory, upgradeDatabase, verifyDatabase } from '../src/sqlite/index.js';
import { appendMigration, copyFeaturesFolder, olderFeaturesFolder } from './migration-folders.js';
import { makeOldestFile, shippedTags } from './legacy.js';

/** A file a newer forgedb upgraded: every shipped migration plus `tag`, with the given header. */
function fileFromNewerForgedb(tag: string, header: string | null, statements: string[]): string {
  const folder = copyFeaturesFolder();
  const [first, ...rest] = statements;
  appendMigration(folder, tag, [header ? `${header}\n${first}` : first!, ...rest]);
  const file = path.join(tempDir(), 'features.db');
  makeOldestFile(file, 3);
  const db = openDatabase({ file });
  upgradeDatabase(db, 'features', { backup: false, migrationsFolder: folder });
  db.close();
  return file;
}

const FUTURE_INDEX = ['CREATE INDEX `ix_future_name` ON `features` (`name`);'];

describe('rolling upgrades: a file a newer forgedb migrated', () => {
  it('opens when every unknown migration is marked backward compatible, and status and verify say so', () => {
    const file = fileFromNewerForgedb(
      '0004_future_index',
      '-- forgedb:compatibility backward-compatible',
      FUTURE_INDEX,
    );
    const db = openDatabase({ file });
    try {
      const result = upgradeDatabase(db, 'features');
      expect(result).toMatchObject({ shapeBefore: 'newer', changed: false, applied: [] });
      expect(inspectDatabase(db, 'features')).toMatchObject({
        shape: 'newer',
        pending: [],
        unknownApplied: ['0004_future_index'],
        unknownIncompatible: [],
      });
      const verify = verifyDatabase(db, 'features');
      expect(verify.ok).toBe(true);
      expect(verify.checks.find((c) => c.name === 'migrations')).toMatchObject({
        problems: [],
        notes: ['applied migration 0004_future_index is newer than this forgedb and backward compatible'],
      });
      expect(readHistory(db).find((h) => h.tag === '0004_future_index')?.compatibility).toBe(
        'backward-compatible',
      );
    } finally {
      db.close();
    }
  });

  it.each([
    ['marked incompatible', '-- forgedb:compatibility incompatible'],
    ['without a marker', null],
  ])('refuses one %s, naming the tag and what to do, and changes nothing', (_name, header) => {
    const file = fileFromNewerForgedb('0004_future_rebuild', header, FUTURE_INDEX);
    const before = sha256(file);
    const db = openDatabase({ file });
    try {
      expect(() => upgradeDatabase(db, 'features')).toThrow(SchemaError);
      expect(() => upgradeDatabase(db, 'features')).toThrow(
        /0004_future_rebuild are not marked backward compatible.*Upgrade forgedb/,
      );
      expect(inspectDatabase(db, 'features').unknownIncompatible).toEqual(['0004_future_rebuild']);
      const verify = verifyDatabase(db, 'features');
      expect(verify.ok).toBe(false);
      expect(verify.checks.find((c) => c.name === 'migrations')?.problems).toEqual([
        'applied migration 0004_future_rebuild is unknown to this forgedb version and not marked backward compatible (upgrade forgedb)',
      ]);
    } finally {
      db.close();
    }
    expect(sha256(file)).toBe(before);
  });

  it('leaves a trigger a newer compatible migration changed alone, and verify only notes it', () => {
    const file = fileFromNewerForgedb('0004_trigger_v2', '-- forgedb:compatibility backward-compatible', [
      'DROP TRIGGER `features_end_claim_fences_lease`;',
      'CREATE TRIGGER `features_end_claim_fences_lease` AFTER UPDATE OF `in_progress` ON `features` BEGIN SELECT 1; END;',
    ]);
    const before = sha256(file);
    const db = openDatabase({ file });
    try {
      expect(upgradeDatabase(db, 'features').guardsApplied).toEqual([]);
      const verify = verifyDatabase(db, 'features');
      expect(verify.ok).toBe(true);
      expect(verify.checks.find((c) => c.name === 'migration objects')?.notes).toEqual([
        expect.stringMatching(/features_end_claim_fences_lease differs.*0004_trigger_v2; left alone/),
      ]);
    } finally {
      db.close();
    }
    expect(sha256(file)).toBe(before);
  });
});

describe('the history table across forgedb versions', () => {
  it('a history written before the compatibility column is read as is, and gains the column on upgrade', () => {
    const file = path.join(tempDir(), 'features.db');
    makeOldestFile(file, 3);
    const older = openDatabase({ file });
    upgradeDatabase(older, 'features', { backup: false, migrationsFolder: olderFeaturesFolder(3) });
    older.close();
    // The exact table earlier forgedb versions created.
    const raw = new Database(file);
    raw.exec('ALTER TABLE __forgedb_migrations DROP COLUMN compatibility');
    raw.close();

    const readOnly = openDatabase({ file }, { readonly: true });
    expect(inspectDatabase(readOnly, 'features')).toMatchObject({
      shape: 'baseline',
      pending: ['0003_lease_fencing'],
    });
    expect(readHistory(readOnly).map((h) => h.compatibility)).toEqual([null, null, null]);
    readOnly.close();

    const db = openDatabase({ file });
    expect(upgradeDatabase(db, 'features', { backup: false }).applied).toEqual(['0003_lease_fencing']);
    expect(readHistory(db).map((h) => [h.tag, h.compatibility])).toEqual(
      shippedTags().map((t) => [t, t === '0003_lease_fencing' ? 'backward-compatible' : null]),
    );
    expect(verifyDatabase(db, 'features').ok).toBe(true);
    db.close();
  });

  it('an older forgedb, which names its columns, can still record a migration in the new history', () => {
    const file = path.join(tempDir(), 'features.db');
    const db = openDatabase({ file });
    upgradeDatabase(db, 'features');
    db.prepare(
      `INSERT INTO __forgedb_migrations (tag, hash, created_at, applied_at, method)
       VALUES ('0009_other', 'x', 0, '2026-01-01 00:00:00.000', 'applied')`,
    ).run();
    expect(readHistory(db).find((h) => h.tag === '0009_other')?.compatibility).toBeNull();
    db.close();
  });
});
