import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForgeDbError } from '@forgedb/db-core';
import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import { backupStamp } from '../feature-list/types.js';
import { importFeatureList } from './feature-list-import.js';
import { openTempFeaturesDb, removeTempFeaturesDb } from '../../test/temp-features-db.js';

let dir: string;
let db: SqliteDatabase;

beforeEach(() => {
  ({ dir, db } = openTempFeaturesDb('forgedb-import-'));
});
afterEach(() => removeTempFeaturesDb({ dir, db }));

const listFile = () => path.join(dir, 'feature_list.json');
const writeList = (content: unknown) =>
  writeFileSync(listFile(), typeof content === 'string' ? content : JSON.stringify(content));
const rows = () => db.prepare('SELECT * FROM features ORDER BY id').all() as Record<string, unknown>[];
function thrown(fn: () => unknown): ForgeDbError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ForgeDbError);
    return error as ForgeDbError;
  }
  throw new Error('expected the import to throw');
}
const backups = () => readdirSync(dir).filter((n) => n.startsWith('feature_list.json.backup.'));

describe('importFeatureList', () => {
  it('imports entries with the spec defaults, stores Python-style JSON and 0/1 booleans, and renames the file', () => {
    writeList([
      {
        category: 'core',
        name: 'Login',
        description: 'Users log in',
        steps: ['open', 'type'],
        passes: true,
        dependencies: [2],
      },
      {},
      { id: 10, priority: 7, in_progress: true, steps: [] },
    ]);
    const now = new Date(2024, 0, 2, 3, 4, 5);
    const result = importFeatureList(db, dir, { now });
    expect(result.imported).toBe(3);
    expect(result.skipped).toBeUndefined();
    expect(result.warning).toBeUndefined();
    expect(result.backupFile).toBe(path.join(dir, 'feature_list.json.backup.20240102_030405'));
    expect(existsSync(listFile())).toBe(false);
    expect(existsSync(result.backupFile!)).toBe(true);

    const fields = [
      'id',
      'priority',
      'category',
      'name',
      'description',
      'steps',
      'passes',
      'in_progress',
      'dependencies',
      'needs_human_input',
    ];
    const [a, b, c] = rows().map((row) => Object.fromEntries(fields.map((f) => [f, row[f]])));
    expect(a).toEqual({
      id: 1,
      priority: 1,
      category: 'core',
      name: 'Login',
      description: 'Users log in',
      steps: '["open", "type"]',
      passes: 1,
      in_progress: 0,
      dependencies: '[2]',
      needs_human_input: 0,
    });
    expect(b).toEqual({
      id: 2,
      priority: 2,
      category: 'uncategorized',
      name: 'Feature 2',
      description: '',
      steps: '[]',
      passes: 0,
      in_progress: 0,
      dependencies: null,
      needs_human_input: 0,
    });
    expect(c).toEqual({
      id: 10,
      priority: 7,
      category: 'uncategorized',
      name: 'Feature 3',
      description: '',
      steps: '[]',
      passes: 0,
      in_progress: 1,
      dependencies: null,
      needs_human_input: 0,
    });
  });

  it('formats the backup stamp in local time', () => {
    expect(backupStamp(new Date(2023, 11, 31, 23, 59, 9))).toBe('20231231_235909');
  });

  it('finds the file in .autoforge/, then .autocoder/, then the project root', () => {
    mkdirSync(path.join(dir, '.autocoder'), { recursive: true });
    writeFileSync(
      path.join(dir, '.autocoder', 'feature_list.json'),
      JSON.stringify([{ name: 'from autocoder' }]),
    );
    writeList([{ name: 'from root' }]);
    const result = importFeatureList(db, dir);
    expect(result.source).toBe(path.join(dir, '.autocoder', 'feature_list.json'));
    expect(rows()[0]!.name).toBe('from autocoder');
    expect(existsSync(listFile())).toBe(true);
  });

  it('skips when there is no file, and when the database already holds features', () => {
    expect(importFeatureList(db, dir)).toEqual({ imported: 0, skipped: 'no_feature_list' });
    writeList([{ name: 'one' }]);
    importFeatureList(db, dir);
    writeList([{ name: 'two' }]);
    const second = importFeatureList(db, dir);
    expect(second).toMatchObject({ imported: 0, skipped: 'database_not_empty' });
    expect(rows().map((r) => r.name)).toEqual(['one']);
    expect(existsSync(listFile())).toBe(true);
  });

  it('accepts a UTF-8 byte order mark and non-ASCII text', () => {
    writeFileSync(
      listFile(),
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(JSON.stringify([{ name: 'Überprüfung ✓ 日本' }])),
      ]),
    );
    expect(importFeatureList(db, dir).imported).toBe(1);
    expect(rows()[0]!.name).toBe('Überprüfung ✓ 日本');
  });

  it('imports an empty array as zero features and still renames the file', () => {
    writeList('[ ]');
    const result = importFeatureList(db, dir);
    expect(result.imported).toBe(0);
    expect(existsSync(listFile())).toBe(false);
    expect(readFileSync(result.backupFile!, 'utf8')).toBe('[ ]');
  });

  const failures: [string, string, RegExp, string][] = [
    ['invalid JSON', '[{"name": "a"}, {"name": ]', /not valid JSON/, 'VALIDATION'],
    ['truncated JSON', '[{"name": "a"}, {"name": "b"', /not valid JSON/, 'VALIDATION'],
    ['trailing garbage', '[{"name": "a"}] x', /not valid JSON/, 'VALIDATION'],
    ['a trailing comma', '[{"name": "a"},]', /not valid JSON/, 'VALIDATION'],
    ['an empty file', '', /empty/, 'VALIDATION'],
    ['an object', '{"features": []}', /must contain a JSON array.*an object/, 'VALIDATION'],
    ['a non-object entry', '[{"name": "a"}, 3]', /entry 1 must be an object/, 'VALIDATION'],
    [
      'duplicate ids',
      '[{"id": 1}, {"id": 2}, {"id": 1}]',
      /entry 2: id 1 is used by an earlier entry/,
      'VALIDATION',
    ],
    ['a default id colliding with an explicit one', '[{"id": 2}, {}]', /entry 1: id 2/, 'VALIDATION'],
    [
      'a string priority',
      '[{"name": "a"}, {"priority": "high"}]',
      /entry 1: "priority" must be an integer, got string/,
      'VALIDATION',
    ],
    ['a fractional id', '[{"id": 1.5}]', /"id" must be an integer/, 'VALIDATION'],
    ['a zero id', '[{"id": 0}]', /"id" must be an integer >= 1/, 'VALIDATION'],
    ['a negative id', '[{"id": -3}]', /"id" must be an integer >= 1/, 'VALIDATION'],
    ['a numeric name', '[{"name": 5}]', /"name" must be a string, got number/, 'VALIDATION'],
    ['steps as a string', '[{"steps": "do it"}]', /"steps" must be an array of strings/, 'VALIDATION'],
    [
      'a non-string step',
      '[{"steps": ["a", {"b": 1}]}]',
      /"steps\[1\]" must be a string, got object/,
      'VALIDATION',
    ],
    ['passes as a string', '[{"passes": "yes"}]', /"passes" must be true or false/, 'VALIDATION'],
    [
      'dependencies as a string',
      '[{"dependencies": "1,2"}]',
      /"dependencies" must be an array/,
      'VALIDATION',
    ],
    // Lone UTF-16 surrogates would be written as bytes that are not UTF-8 (the Python app then
    // cannot read the table): refused with the entry and field, like a wrong type.
    [
      'a lone surrogate in a name',
      '[{"name": "ok"}, {"name": "x \\udc00 y"}]',
      /entry 1: "name" contains a lone UTF-16 surrogate \(\\udc00 at character 2\).*Nothing was imported/,
      'VALIDATION',
    ],
    [
      'a lone surrogate in a category',
      '[{"category": "\\ud800"}]',
      /entry 0: "category" contains a lone/,
      'VALIDATION',
    ],
    [
      'a lone surrogate in a description',
      '[{"description": "a\\udfff"}]',
      /"description" contains a lone/,
      'VALIDATION',
    ],
    [
      'a lone surrogate in a step',
      '[{"steps": ["a", "b\\ud83d"]}]',
      /"steps\[1\]" contains a lone/,
      'VALIDATION',
    ],
    [
      'a lone surrogate in a dependency entry',
      '[{"dependencies": [1, "\\udc00"]}]',
      /"dependencies\[1\]" contains a lone/,
      'VALIDATION',
    ],
  ];

  for (const [what, content, message, code] of failures) {
    it(`imports nothing and leaves the file in place on ${what}`, () => {
      writeList(content);
      const before = readFileSync(listFile());
      const error = thrown(() => importFeatureList(db, dir));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(rows()).toEqual([]);
      expect(readFileSync(listFile())).toEqual(before);
      expect(backups()).toEqual([]);
    });
  }

  it('imports surrogate pairs (emoji) written as JSON escapes', () => {
    writeList('[{"name": "ship \\ud83d\\ude80", "steps": ["\\u00e9"]}]');
    expect(importFeatureList(db, dir).imported).toBe(1);
    expect(rows()[0]).toMatchObject({ name: 'ship 🚀', steps: '["é"]' });
  });

  it('fails with an IO error naming the file when it cannot be read', () => {
    mkdirSync(listFile());
    const error = thrown(() => importFeatureList(db, dir));
    expect(error.code).toBe('IO');
    expect(error.message).toMatch(/Cannot read .*feature_list\.json/);
    expect(rows()).toEqual([]);
  });

  it('rolls back entries inserted before a failure deep in a long list', () => {
    const entries: unknown[] = Array.from({ length: 5000 }, (_, i) => ({ name: `f${i}`, steps: ['x'] }));
    entries.push({ id: 17 });
    writeList(entries);
    expect(() => importFeatureList(db, dir)).toThrow(/id 17 is used/);
    expect(db.prepare('SELECT count(*) FROM features').pluck().get()).toBe(0);
    expect(existsSync(listFile())).toBe(true);
  });

  it('streams a large list in one transaction and reports progress', () => {
    const n = 20_000;
    writeList(
      Array.from({ length: n }, (_, i) => ({
        category: 'bulk',
        name: `Feature number ${i}`,
        description: 'x'.repeat(50),
        steps: ['a', 'b'],
        dependencies: i > 0 ? [i] : [],
      })),
    );
    const seen: number[] = [];
    const result = importFeatureList(db, dir, { onProgress: (p) => seen.push(p.imported) });
    expect(result.imported).toBe(n);
    expect(db.prepare('SELECT count(*) FROM features').pluck().get()).toBe(n);
    expect(seen.at(-1)).toBe(n);
    expect(seen.length).toBeGreaterThan(10);
    expect(db.prepare('SELECT dependencies FROM features WHERE id = 3').pluck().get()).toBe('[2]');
  });

  it('never overwrites an earlier backup with the same stamp', () => {
    const now = new Date(2024, 5, 6, 7, 8, 9);
    writeFileSync(path.join(dir, 'feature_list.json.backup.20240606_070809'), 'earlier');
    writeList([{ name: 'a' }]);
    const result = importFeatureList(db, dir, { now });
    expect(result.backupFile).toBe(path.join(dir, 'feature_list.json.backup.20240606_070809.1'));
    expect(readFileSync(path.join(dir, 'feature_list.json.backup.20240606_070809'), 'utf8')).toBe('earlier');
  });
});
