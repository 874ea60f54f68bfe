import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase, verifyDatabase } from '../src/sqlite/index.js';
import { tempDir } from '@forgedb/test-utils';
import { makeOldestFile } from './legacy.js';

/** A file upgraded to the latest schema, then opened as a plain connection that knows nothing of forgedb. */
function upgradedFile(count = 3): { file: string; raw: Database.Database } {
  const file = path.join(tempDir(), 'features.db');
  makeOldestFile(file, count);
  const db = openDatabase({ file });
  upgradeDatabase(db, 'features', { backup: false });
  db.close();
  return { file, raw: new Database(file) };
}

const logged = (raw: Database.Database) =>
  raw.prepare('SELECT feature_id FROM __forgedb_changes ORDER BY seq').pluck().all() as number[];

describe('migration 0004_change_log', () => {
  it('logs every write of a queue column by a plain connection, and nothing else', () => {
    const { raw } = upgradedFile();
    expect(logged(raw)).toEqual([]);
    raw.exec(
      "INSERT INTO features (id, priority, category, name, description, steps) VALUES (10, 5, 'c', 'n', 'd', '[]')",
    );
    raw.exec('UPDATE features SET passes = 1 WHERE id = 1');
    raw.exec('UPDATE features SET priority = 9 WHERE id = 2');
    raw.exec("UPDATE features SET dependencies = '[1]' WHERE id = 3");
    raw.exec("UPDATE features SET name = 'renamed', description = 'x' WHERE id = 3");
    raw.exec('DELETE FROM features WHERE id = 2');
    expect(logged(raw)).toEqual([10, 1, 2, 3, 2]);
  });

  it('logs a changed id as both ids, and a REPLACE (whose delete fires no trigger) as its id', () => {
    const { raw } = upgradedFile();
    raw.exec('UPDATE features SET id = 20 WHERE id = 1');
    raw.exec(
      "INSERT OR REPLACE INTO features (id, priority, category, name, description, steps) VALUES (2, 1, 'c', 'n', 'd', '[]')",
    );
    expect(logged(raw)).toEqual([20, 1, 2]);
    expect(raw.prepare('SELECT count(*) FROM features WHERE id = 2').pluck().get()).toBe(1);
  });

  it('stays bounded when only a plain connection writes, and never reuses a sequence number', () => {
    const { raw } = upgradedFile();
    const flip = raw.prepare('UPDATE features SET passes = NOT IFNULL(passes, 0) WHERE id = 1');
    raw.transaction(() => {
      for (let i = 0; i < 20_000; i++) flip.run();
    })();
    const { n, lo, hi } = raw
      .prepare('SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM __forgedb_changes')
      .get() as { n: number; lo: number; hi: number };
    expect(hi).toBe(20_000);
    expect(n).toBe(hi - lo + 1);
    expect(n).toBeGreaterThanOrEqual(4096);
    expect(n).toBeLessThan(4096 + 1024);
    raw.exec('DELETE FROM __forgedb_changes');
    raw.exec('UPDATE features SET passes = 0 WHERE id = 2');
    expect(raw.prepare('SELECT seq FROM __forgedb_changes').pluck().all()).toEqual([20_001]);
  });

  it('verify reports a dropped change-log trigger, and migrate restores it', () => {
    const { file, raw } = upgradedFile();
    raw.exec('DROP TRIGGER features_log_update');
    raw.close();
    const db = openDatabase({ file });
    expect(
      verifyDatabase(db, 'features').checks.find((c) => c.name === 'migration objects')!.problems,
    ).toEqual(['trigger features_log_update is missing (forgedb migrate repairs it)']);
    expect(upgradeDatabase(db, 'features', { backup: false }).guardsApplied).toEqual([
      'restore-trigger:features_log_update',
    ]);
    expect(verifyDatabase(db, 'features').ok).toBe(true);
    db.close();
    const again = new Database(file);
    again.exec('UPDATE features SET passes = 1 WHERE id = 3');
    expect(logged(again)).toEqual([3]);
  });
});
