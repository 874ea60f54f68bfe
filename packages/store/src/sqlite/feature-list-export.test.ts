import {
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  readFileSync,
  readdirSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskFullError, ValidationError } from '@forgedb/db-core';
import { openDatabase, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { serializeFeature, type FeatureRowLike } from '@forgedb/schema';
import { exportFeatureList, projectDirOf } from './feature-list-export.js';
import { openTempFeaturesDb, removeTempFeaturesDb } from '../../test/temp-features-db.js';

let dir: string;
let db: SqliteDatabase;

beforeEach(() => {
  ({ dir, db } = openTempFeaturesDb('forgedb-export-'));
});
afterEach(() => removeTempFeaturesDb({ dir, db }));

const insert = (row: Record<string, unknown>) =>
  db
    .prepare(
      `INSERT INTO features (id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input, human_input_request, human_input_response)
       VALUES (@id, @priority, @category, @name, @description, @steps, @passes, @in_progress, @dependencies, @needs_human_input, @human_input_request, @human_input_response)`,
    )
    .run({
      category: 'c',
      name: 'n',
      description: 'd',
      steps: '[]',
      passes: 0,
      in_progress: 0,
      dependencies: null,
      needs_human_input: 0,
      human_input_request: null,
      human_input_response: null,
      ...row,
    });

/** What the export must equal, computed the obvious in-memory way. */
function expected(): string {
  const all = db.prepare('SELECT * FROM features ORDER BY priority, id').all() as FeatureRowLike[];
  return JSON.stringify(
    all.map((r) => serializeFeature(r)),
    null,
    2,
  );
}

describe('exportFeatureList', () => {
  it('writes [] for an empty table, to <project>/feature_list_export.json by default', () => {
    const result = exportFeatureList(db);
    expect(result).toEqual({ file: path.join(dir, 'feature_list_export.json'), count: 0 });
    expect(readFileSync(result.file, 'utf8')).toBe(JSON.stringify([], null, 2));
  });

  it('matches JSON.stringify(features, null, 2) byte for byte, ordered by priority then id', () => {
    insert({ id: 5, priority: 2, name: 'second by priority, higher id' });
    insert({
      id: 3,
      priority: 2,
      name: 'second by priority, lower id',
      steps: '["a", "b \\"quoted\\"\\nline"]',
      passes: 1,
    });
    insert({ id: 9, priority: 1, name: 'first', dependencies: '[3, "x", 2.5, [1], 5]' });
    insert({
      id: 1,
      priority: 30,
      name: 'Ünïcødé ✓ 日本 \u2028',
      steps: 'not json',
      needs_human_input: 1,
      human_input_request: '{"fields": [{"id": "a", "label": "A"}]}',
      human_input_response: '{"a": "yes"}',
    });
    insert({
      id: 2,
      priority: 30,
      name: 'empty steps',
      steps: '[]',
      dependencies: '[]',
      human_input_request: 'null',
    });
    const file = path.join(dir, 'out', '..', 'export.json');
    const result = exportFeatureList(db, file);
    expect(result).toEqual({ file: path.join(dir, 'export.json'), count: 5 });
    const text = readFileSync(result.file, 'utf8');
    expect(text).toBe(expected());
    const parsed = JSON.parse(text) as {
      id: number;
      dependencies: number[];
      passes: boolean;
      in_progress: boolean;
    }[];
    expect(parsed.map((f) => f.id)).toEqual([9, 3, 5, 1, 2]);
    expect(parsed[0]!.dependencies).toEqual([3, 5]);
    expect(parsed[0]!.in_progress).toBe(false);
    expect(parsed[1]!.passes).toBe(true);
  });

  it('streams a large table and leaves no temporary file', () => {
    const stmt = db.prepare(
      "INSERT INTO features (priority, category, name, description, steps) VALUES (?, 'bulk', ?, 'desc', '[\"s1\", \"s2\"]')",
    );
    db.transaction(() => {
      for (let i = 0; i < 30_000; i++) stmt.run(30_000 - i, `Feature ${i}`);
    })();
    const result = exportFeatureList(db);
    expect(result.count).toBe(30_000);
    expect(readFileSync(result.file, 'utf8')).toBe(expected());
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('fails cleanly, leaving no file, when the output directory does not exist', () => {
    insert({ id: 1, priority: 1 });
    const file = path.join(dir, 'missing', 'out.json');
    expect(() => exportFeatureList(db, file)).toThrow(/ENOENT/);
    expect(existsSync(path.join(dir, 'missing'))).toBe(false);
  });

  it('exports a legacy table that lacks the newer columns, reading them as defaults', () => {
    const legacy = openDatabase({ file: path.join(dir, 'legacy', 'features.db') });
    try {
      legacy.exec(`CREATE TABLE features (id INTEGER NOT NULL, priority INTEGER NOT NULL, category VARCHAR(100) NOT NULL, name VARCHAR(255) NOT NULL,
        description TEXT NOT NULL, steps JSON NOT NULL, passes BOOLEAN, PRIMARY KEY (id))`);
      legacy.exec(
        `INSERT INTO features VALUES (1, 1, 'c', 'n', 'd', '["x"]', NULL), (2, 2, 'c', 'm', 'd', '[]', 1)`,
      );
      const out = path.join(dir, 'legacy.json');
      exportFeatureList(legacy, out);
      const parsed = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>[];
      expect(parsed[0]).toEqual({
        id: 1,
        priority: 1,
        category: 'c',
        name: 'n',
        description: 'd',
        steps: ['x'],
        passes: false,
        in_progress: false,
        dependencies: [],
        needs_human_input: false,
        human_input_request: null,
        human_input_response: null,
      });
      expect(parsed[1]!.passes).toBe(true);
    } finally {
      legacy.close();
    }
  });

  it('derives the project directory from every layout', () => {
    expect(projectDirOf('/p/.autoforge/features.db')).toBe('/p');
    expect(projectDirOf('/p/.autocoder/features.db')).toBe('/p');
    expect(projectDirOf('/p/features.db')).toBe('/p');
  });

  describe('write failures', () => {
    const fill = (n: number) => {
      const stmt = db.prepare(
        "INSERT INTO features (priority, category, name, description, steps) VALUES (?, 'c', ?, ?, '[]')",
      );
      db.transaction(() => {
        for (let i = 1; i <= n; i++) stmt.run(i, `Feature ${i}`, 'd'.repeat(200));
      })();
    };

    it('keeps writing after a short write, so the file is complete', () => {
      fill(500);
      // A file system may accept fewer bytes than asked, as a nearly full disk does before ENOSPC.
      const shortWrites = (fd: number, buffer: Uint8Array, offset: number, length: number) =>
        writeSync(fd, buffer, offset, Math.min(length, 1000));
      const file = path.join(dir, 'out.json');
      const result = exportFeatureList(db, file, { write: shortWrites });
      expect(result.count).toBe(500);
      expect(readFileSync(file, 'utf8')).toBe(expected());
    });

    it('on a full disk fails with DiskFullError naming the file and keeps the previous export byte for byte', () => {
      fill(500);
      const file = path.join(dir, 'feature_list_export.json');
      writeFileSync(file, '[ "the previous good export" ]');
      const previous = readFileSync(file);
      // The real ENOSPC of /dev/full once 20 kB are written: a short write first, then the error.
      const full = openSync('/dev/full', 'w');
      let budget = 20_000;
      const diskFull = (fd: number, buffer: Uint8Array, offset: number, length: number) => {
        if (budget === 0) return writeSync(full, buffer, offset, length);
        const n = writeSync(fd, buffer, offset, Math.min(length, budget));
        budget -= n;
        return n;
      };
      try {
        expect(() => exportFeatureList(db, file, { write: diskFull })).toThrow(DiskFullError);
        budget = 20_000;
        expect(() => exportFeatureList(db, file, { write: diskFull })).toThrow(
          `Could not write ${file}: no space left on the device (ENOSPC).`,
        );
      } finally {
        closeSync(full);
      }
      expect(readFileSync(file).equals(previous)).toBe(true);
      expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
    });
  });

  describe('an output path that is a database', () => {
    it.each([
      ['the database being exported', () => db.name],
      [
        'another SQLite file (an assistant.db)',
        () => {
          const other = path.join(dir, 'assistant.db');
          const a = openDatabase({ file: other });
          a.exec('CREATE TABLE conversations (id INTEGER PRIMARY KEY)');
          a.close();
          return other;
        },
      ],
      [
        'a copy of the database under a JSON-looking name',
        () => {
          const copy = path.join(dir, 'export.json');
          db.pragma('wal_checkpoint(TRUNCATE)');
          copyFileSync(db.name, copy);
          return copy;
        },
      ],
      ["the database's -wal file", () => `${db.name}-wal`],
    ])('is refused before anything is written: %s', (_label, target) => {
      insert({ id: 1, priority: 1 });
      const out = target();
      const before = existsSync(out) ? readFileSync(out) : null;
      expect(() => exportFeatureList(db, out)).toThrow(ValidationError);
      expect(() => exportFeatureList(db, out)).toThrow(
        /is a (SQLite database|database file of) .*; nothing was exported/,
      );
      expect(existsSync(out) ? readFileSync(out) : null).toEqual(before);
      expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
    });
  });
});
