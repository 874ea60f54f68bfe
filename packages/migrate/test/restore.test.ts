import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotADatabaseError, openDatabase } from '@forgedb/db-core/sqlite';
import { SchemaError, ValidationError } from '@forgedb/db-core';
import { tempDir } from '@forgedb/test-utils';
import { backupDatabase, contentDigest, restoreBackup, upgradeDatabase } from '../src/sqlite/index.js';
import { copyFixture } from './legacy.js';

const digest = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return contentDigest(db);
  } finally {
    db.close();
  }
};

/** A current features.db (WAL, as forgedb leaves it on a local disk) with a backup of it. */
function currentWithBackup(): { file: string; backup: string } {
  const file = copyFixture('features-v18-current.db');
  const db = openDatabase({ file });
  upgradeDatabase(db, 'features', { backup: false });
  const backup = backupDatabase(db, path.join(tempDir(), 'saved.db')).file;
  db.close();
  return { file, backup };
}

describe('restoreBackup', () => {
  it('a connection that has the target open reads the restored content', async () => {
    const { file, backup } = currentWithBackup();
    const agent = openDatabase({ file });
    agent.prepare('DELETE FROM features WHERE id > 5').run();
    expect(agent.prepare('SELECT count(*) FROM features').pluck().get()).toBe(5);
    const result = await restoreBackup(backup, file);
    expect(agent.prepare('SELECT count(*) FROM features').pluck().get()).toBe(40);
    agent.close();
    // Everything equals the backup but the lease epoch, which a restore renews on purpose.
    const epochOf = (f: string) => {
      const db = new Database(f, { readonly: true });
      try {
        return db.prepare('SELECT epoch FROM __forgedb_lease_state').pluck().get() as string;
      } finally {
        db.close();
      }
    };
    expect(epochOf(file)).not.toBe(epochOf(backup));
    const sameEpoch = `${file}.same-epoch`;
    copyFileSync(file, sameEpoch);
    const db = new Database(sameEpoch);
    db.prepare('UPDATE __forgedb_lease_state SET epoch = ?').run(epochOf(backup));
    db.close();
    expect(digest(sameEpoch)).toBe(digest(backup));
    expect(digest(result.previous!)).not.toBe(digest(backup));
  });

  it('reproduces everything a database holds, exactly: rowids, sequences, statistics, views, triggers, header values', async () => {
    const dir = tempDir();
    const source = path.join(dir, 'features.db');
    const db = new Database(source);
    db.exec(`
      CREATE TABLE features (id INTEGER PRIMARY KEY, priority INTEGER, category TEXT, name TEXT, description TEXT, steps JSON);
      CREATE TABLE notes (body TEXT, at TEXT UNIQUE);
      CREATE TABLE tags (id INTEGER PRIMARY KEY AUTOINCREMENT, tag TEXT, blob BLOB, big INTEGER);
      CREATE TABLE kv (k TEXT PRIMARY KEY, v) WITHOUT ROWID;
      CREATE INDEX ix_notes_body ON notes (body);
      CREATE VIEW named AS SELECT id, name FROM features;
      CREATE TRIGGER notes_log AFTER INSERT ON notes BEGIN INSERT INTO kv VALUES ('note ' || NEW.rowid, NEW.body); END;
      INSERT INTO features VALUES (3, 1, 'c', 'three', 'd', '[]'), (7, 2, 'c', 'seven', 'd', 'not json');
      INSERT INTO notes (body, at) VALUES ('a', '1'), ('b', '2'), ('c', '3');
      DELETE FROM notes WHERE body = 'b';
      INSERT INTO tags (tag, blob, big) VALUES ('x', x'00ff10', 9007199254740993), ('y', NULL, -1);
      DELETE FROM tags WHERE tag = 'y';
      INSERT INTO kv VALUES ('one', 1), ('two', 2.5);
      PRAGMA user_version = 42;
      PRAGMA application_id = 7;
      ANALYZE;
    `);
    db.close();
    const target = copyFixture('features-v18-current.db');
    await restoreBackup(source, target);
    expect(digest(target)).toBe(digest(source));
    const check = new Database(target, { readonly: true });
    expect(check.prepare('SELECT rowid, body FROM notes ORDER BY rowid').raw().all()).toEqual([
      [1, 'a'],
      [3, 'c'],
    ]);
    expect(check.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'tags'").pluck().get()).toBe(2);
    // The trigger was recreated after the rows: it did not fire again on the copy.
    expect(check.prepare('SELECT count(*) FROM kv').pluck().get()).toBe(5);
    // Read directly, not through contentDigest (which the restore itself checks with): the schema,
    // the statistics and the header values are the source's.
    const original = new Database(source, { readonly: true });
    const shape = (d: Database.Database) => ({
      schema: d.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').raw().all(),
      stats: d.prepare('SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx').raw().all(),
      userVersion: d.pragma('user_version', { simple: true }) as number,
      applicationId: d.pragma('application_id', { simple: true }) as number,
    });
    const expected = shape(original);
    original.close();
    expect(expected).toMatchObject({ userVersion: 42, applicationId: 7 });
    expect(expected.stats.length).toBeGreaterThan(0);
    expect(shape(check)).toEqual(expected);
    check.defaultSafeIntegers(true);
    expect(check.prepare('SELECT big FROM tags').pluck().get()).toBe(9007199254740993n);
    check.close();
  });

  it('refuses a virtual table, an empty file and an unrelated database, touching nothing', async () => {
    const { file } = currentWithBackup();
    const before = digest(file);
    const dir = tempDir();
    const fts = path.join(dir, 'fts.db');
    const f = new Database(fts);
    f.exec(
      "CREATE TABLE features (id INTEGER PRIMARY KEY, priority, category, name, description, steps); CREATE VIRTUAL TABLE search USING fts5(body); INSERT INTO search VALUES ('x')",
    );
    f.close();
    await expect(restoreBackup(fts, file)).rejects.toThrow(SchemaError);
    await expect(restoreBackup(fts, file)).rejects.toThrow(/virtual table search/);
    const empty = path.join(dir, 'empty.db');
    writeFileSync(empty, '');
    await expect(restoreBackup(empty, file)).rejects.toThrow(NotADatabaseError);
    const other = path.join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE recipes (id INTEGER PRIMARY KEY)');
    await expect(restoreBackup(other, file)).rejects.toThrow(ValidationError);
    await expect(restoreBackup(file, file)).rejects.toThrow(ValidationError);
    expect(digest(file)).toBe(before);
    expect(readdirSync(path.dirname(file)).filter((n) => n.includes('.backup-'))).toEqual([]);
  });

  it('into a damaged target, says to move it aside and restore into the path', async () => {
    const { backup } = currentWithBackup();
    const dir = tempDir();
    const target = path.join(dir, 'features.db');
    copyFileSync(backup, target);
    // Keep the header and schema page, overwrite the table pages.
    const bytes = readFileSync(target);
    for (let i = 4096; i < bytes.length; i++) bytes[i] = 0xab;
    writeFileSync(target, bytes);
    await expect(restoreBackup(backup, target)).rejects.toThrow(
      /move it aside .* and restore into the same path again/,
    );
    expect(existsSync(`${target}-journal`)).toBe(false);
  });
});
