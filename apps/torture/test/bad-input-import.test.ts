import Database from 'better-sqlite3';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ForgeDbError } from '@forgedb/db-core';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { importFeatureList } from '@forgedb/store/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir, treeChecksum } from '@forgedb/test-utils';
import { runCli } from './helpers/processes.js';
import { makeProject } from './helpers/legacy.js';

afterAll(removeTempDirs);

type Outcome =
  /** Imported: this many rows, and each listed id's row holds exactly these column values. */
  | { imported: number; rows?: Record<number, Record<string, unknown>> }
  /** Refused with this typed error code; the message names the problem. Nothing changes. */
  | { code: ForgeDbError['code']; message: RegExp };

interface ImportCase {
  name: string;
  content: () => string | Buffer;
  outcome: Outcome;
  /** Too slow to run twice (library and CLI). */
  libraryOnly?: boolean;
}

const LONG = 'x'.repeat(1_000_000);
const SQLISH = `Robert'); DROP TABLE features;-- "quoted" \\ back\\slash`;

const cases: ImportCase[] = [
  {
    name: 'invalid JSON (a trailing comma inside an object)',
    content: () => '[{"name": "a", "steps": []},\n {"name": "b",}]',
    outcome: { code: 'VALIDATION', message: /JSON/ },
  },
  {
    name: 'invalid JSON (the file ends mid-array)',
    content: () => '[{"name": "a"}, {"name": "b"',
    outcome: { code: 'VALIDATION', message: /JSON|end/i },
  },
  { name: 'an empty file', content: () => '', outcome: { code: 'VALIDATION', message: /array|JSON|empty/i } },
  {
    name: 'a JSON object instead of an array',
    content: () => '{"features": []}',
    outcome: { code: 'VALIDATION', message: /array/ },
  },
  { name: 'a JSON string', content: () => '"features"', outcome: { code: 'VALIDATION', message: /array/ } },
  {
    name: 'an entry that is a number',
    content: () => '[{"name": "a"}, 42]',
    outcome: { code: 'VALIDATION', message: /entry 1 must be an object/ },
  },
  {
    name: 'an entry that is an array',
    content: () => '[[1, 2]]',
    outcome: { code: 'VALIDATION', message: /entry 0 must be an object/ },
  },
  {
    name: 'a string id',
    content: () => '[{"id": 1}, {"id": "2"}]',
    outcome: { code: 'VALIDATION', message: /entry 1: "id" must be an integer/ },
  },
  {
    name: 'a fractional priority',
    content: () => '[{"priority": 1.5}]',
    outcome: { code: 'VALIDATION', message: /"priority" must be an integer/ },
  },
  {
    name: 'a numeric name',
    content: () => '[{"name": 7}]',
    outcome: { code: 'VALIDATION', message: /"name" must be a string/ },
  },
  {
    name: 'steps as a string',
    content: () => '[{"steps": "do it"}]',
    outcome: { code: 'VALIDATION', message: /"steps" must be an array of strings/ },
  },
  {
    name: 'steps with a number inside',
    content: () => '[{"steps": ["a", 2]}]',
    outcome: { code: 'VALIDATION', message: /"steps\[1\]" must be a string/ },
  },
  {
    name: 'passes as the string "yes"',
    content: () => '[{"passes": "yes"}]',
    outcome: { code: 'VALIDATION', message: /"passes" must be true or false/ },
  },
  {
    name: 'dependencies as an object',
    content: () => '[{"dependencies": {"a": 1}}]',
    outcome: { code: 'VALIDATION', message: /"dependencies" must be an array/ },
  },
  {
    name: 'duplicate ids (the second entry reuses id 1)',
    content: () => '[{"id": 1, "name": "a"}, {"id": 1, "name": "b"}]',
    outcome: {
      code: 'VALIDATION',
      message: /entry 1: id 1 is used by an earlier entry\. Nothing was imported/,
    },
  },
  {
    name: 'an id beyond 2^53 (JSON.parse would round it to another id)',
    content: () => '[{"id": 9007199254740993}]',
    outcome: {
      code: 'VALIDATION',
      message: /entry 0: "id" must be an integer from -9007199254740991 to 9007199254740991/,
    },
  },
  {
    name: 'dependencies nested 5000 levels deep',
    content: () => `[{"name": "a"}, {"dependencies": ${'['.repeat(5000)}${']'.repeat(5000)}}]`,
    outcome: {
      code: 'VALIDATION',
      message: /entry 1: "dependencies" must be nested at most 1000 levels deep/,
    },
  },
  {
    name: 'a lone UTF-16 surrogate in a name ("x \\udc00 y"; it cannot be stored as UTF-8)',
    content: () => '[{"name": "fine"}, {"name": "x \\udc00 y"}]',
    outcome: { code: 'VALIDATION', message: /entry 1: "name" contains a lone UTF-16 surrogate/ },
  },
  {
    name: 'a lone surrogate in a step of the last of 1,000 entries (nothing imported)',
    content: () => `[${'{"steps": ["ok"]},'.repeat(999)}{"steps": ["ok", "\\ud800"]}]`,
    outcome: { code: 'VALIDATION', message: /entry 999: "steps\[1\]" contains a lone/ },
  },
  {
    name: 'a surrogate pair written as JSON escapes (an emoji, accepted)',
    content: () => '[{"name": "ship \\ud83d\\ude80"}]',
    outcome: { imported: 1, rows: { 1: { name: 'ship 🚀' } } },
  },
  {
    name: 'a UTF-8 byte order mark before the array (accepted)',
    content: () =>
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('[{"name": "Ünïcödé ✓", "steps": ["a"]}]'),
      ]),
    outcome: { imported: 1, rows: { 1: { name: 'Ünïcödé ✓' } } },
  },
  {
    name: 'very long strings (1 MB name and description, stored whole)',
    content: () => JSON.stringify([{ name: LONG, description: LONG, steps: [LONG] }]),
    outcome: { imported: 1, rows: { 1: { name: LONG, description: LONG } } },
  },
  {
    name: 'strings that look like SQL (stored verbatim)',
    content: () =>
      JSON.stringify([
        { name: SQLISH, category: "'; DELETE FROM features; --", description: SQLISH, steps: [SQLISH] },
      ]),
    outcome: {
      imported: 1,
      rows: { 1: { name: SQLISH, category: "'; DELETE FROM features; --", description: SQLISH } },
    },
  },
  {
    name: '1,000,000 entries with a bad last one (all rolled back)',
    content: () => `[${'{},'.repeat(1_000_000)}{"id": "last"}]`,
    outcome: { code: 'VALIDATION', message: /entry 1000000: "id" must be an integer/ },
    libraryOnly: true,
  },
];

function project(c: ImportCase): { project: string; file: string } {
  const p = makeProject(tempDir());
  writeFileSync(path.join(p.project, 'feature_list.json'), c.content());
  return p;
}

function featureRows(file: string): Record<string, unknown>[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT * FROM features ORDER BY id').all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

function expectImported(
  file: string,
  outcome: Extract<Outcome, { imported: number }>,
  projectDir: string,
): void {
  const rows = featureRows(file);
  expect(rows).toHaveLength(outcome.imported);
  for (const [id, expected] of Object.entries(outcome.rows ?? {})) {
    const row = rows.find((r) => r.id === Number(id));
    for (const [column, value] of Object.entries(expected))
      expect(row?.[column], `${column} of ${id}`).toBe(value);
  }
  // Imported files are renamed, as the Python app does, so a restart never imports twice.
  expect(existsSync(path.join(projectDir, 'feature_list.json'))).toBe(false);
  expect(readdirSync(projectDir).some((n) => n.startsWith('feature_list.json.backup.'))).toBe(true);
}

describe('feature_list.json bad input: typed error and nothing changed, or imported verbatim', () => {
  it.each(cases)('library: $name', (c) => {
    const { project: dir, file } = project(c);
    const before = treeChecksum(dir);
    const db = openDatabase({ file });
    let error: unknown;
    try {
      importFeatureList(db, dir);
    } catch (e) {
      error = e;
    } finally {
      db.close();
    }
    if ('code' in c.outcome) {
      expect(error).toBeInstanceOf(ForgeDbError);
      expect((error as ForgeDbError).code).toBe(c.outcome.code);
      expect((error as Error).message).toMatch(c.outcome.message);
      expect((error as Error).message).toContain('feature_list.json');
      expect(treeChecksum(dir)).toBe(before);
    } else {
      expect(error).toBeUndefined();
      expectImported(file, c.outcome, dir);
    }
  });

  it.each(cases.filter((c) => !c.libraryOnly))('CLI import-json: $name', async (c) => {
    const { project: dir, file } = project(c);
    const before = treeChecksum(dir);
    const run = await runCli(['import-json', '--project', dir]);
    if ('code' in c.outcome) {
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stderr).toMatch(c.outcome.message);
      expect(treeChecksum(dir)).toBe(before);
    } else {
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expectImported(file, c.outcome, dir);
    }
  });

  it('CLI import-json without --project is a usage error (exit 2) and touches nothing', async () => {
    const dir = tempDir();
    const run = await runCli(['import-json'], { cwd: dir });
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(/--project/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
