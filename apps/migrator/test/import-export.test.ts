import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeFeature, type FeatureRowLike } from '@forgedb/schema';
import {
  FIXTURES,
  copyFixture,
  expectExit,
  forgedb,
  forgedbJson,
  query,
  sha256,
  tempDir,
  FEATURE_TAGS,
} from './cli.js';

interface ImportJson {
  ok: boolean;
  projectDir: string;
  database: string;
  upgrade: { changed: boolean; applied: string[] };
  imported: number;
  skipped?: string;
  source?: string;
  backupFile?: string;
  warning?: string;
}

const legacyList = () =>
  JSON.parse(readFileSync(path.join(FIXTURES, 'feature_list.old.json'), 'utf8')) as Record<string, unknown>[];

function jsonProject(content?: string): { dir: string; list: string } {
  const dir = tempDir('forgedb-json-project-');
  const list = path.join(dir, 'feature_list.json');
  if (content === undefined) copyFileSync(path.join(FIXTURES, 'feature_list.old.json'), list);
  else writeFileSync(list, content);
  return { dir, list };
}

describe('forgedb import-json', () => {
  it('creates features.db in .autoforge/, imports the legacy list with defaults and renames the file', () => {
    const { dir, list } = jsonProject();
    const entries = legacyList();
    const r = forgedbJson<ImportJson>(['import-json', '--project', dir]);
    expectExit(r, 0);
    const db = path.join(dir, '.autoforge', 'features.db');
    expect(r.json).toMatchObject({
      ok: true,
      projectDir: dir,
      database: db,
      imported: entries.length,
      source: list,
    });
    expect(r.json.upgrade.applied).toEqual(FEATURE_TAGS);
    expect(path.basename(r.json.backupFile!)).toMatch(/^feature_list\.json\.backup\.\d{8}_\d{6}$/);
    expect(existsSync(list)).toBe(false);
    const rows = query<{
      id: number;
      priority: number;
      name: string;
      category: string;
      passes: number;
      steps: string;
    }>(db, 'SELECT * FROM features ORDER BY id');
    expect(rows).toHaveLength(entries.length);
    expect(rows[0]).toMatchObject({
      id: 1,
      priority: 1,
      name: (entries[0]!.name as string | undefined) ?? 'Feature 1',
      category: 'core',
      passes: 1,
      steps: '["a", "b"]',
    });

    const again = forgedbJson<ImportJson>(['import-json', '--project', dir]);
    expectExit(again, 0);
    expect(again.json).toMatchObject({ imported: 0, skipped: 'no_feature_list' });
  });

  it('imports into an existing legacy database after upgrading it, and skips when it already holds features', () => {
    const dir = tempDir();
    const db = copyFixture('features-v1-oldest.db', dir, '.autocoder/features.db');
    const fresh = new Database(db);
    fresh.prepare('DELETE FROM features').run();
    fresh.close();
    copyFileSync(path.join(FIXTURES, 'feature_list.old.json'), path.join(dir, 'feature_list.json'));
    const r = forgedbJson<ImportJson>(['import-json', '--project', dir]);
    expectExit(r, 0);
    expect(r.json.database).toBe(db);
    expect(r.json.upgrade.changed).toBe(true);
    expect(r.json.imported).toBe(legacyList().length);

    writeFileSync(path.join(dir, 'feature_list.json'), '[{"name": "late"}]');
    const skip = forgedb(['import-json', '--project', dir]);
    expectExit(skip, 0);
    expect(skip.stdout).toMatch(
      /already holds features; .*feature_list\.json was not imported and was left in place/,
    );
    expect(existsSync(path.join(dir, 'feature_list.json'))).toBe(true);
  });

  const failures: [string, string | Buffer, RegExp][] = [
    ['invalid JSON', '[{"name": "a"}, {"name": }]', /not valid JSON/],
    [
      'a non-array',
      '{"features": [{"name": "a"}]}',
      /must contain a JSON array of features; it holds an object/,
    ],
    [
      'duplicate ids',
      '[{"id": 1, "name": "a"}, {"id": 1, "name": "b"}]',
      /entry 1: id 1 is used by an earlier entry/,
    ],
    [
      'wrong types',
      '[{"name": "a"}, {"name": "b", "steps": "not a list"}]',
      /entry 1: "steps" must be an array of strings, got string/,
    ],
  ];
  for (const [what, content, message] of failures) {
    it(`on ${what}: exits 1, imports nothing and leaves feature_list.json in place`, () => {
      const { dir, list } = jsonProject(content as string);
      const sum = sha256(list);
      const r = forgedbJson(['import-json', '--project', dir]);
      expectExit(r, 1);
      expect(r.json).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/Nothing was imported/);
      expect(sha256(list)).toBe(sum);
      expect(readdirSync(dir).filter((n) => n.includes('backup'))).toEqual([]);
      const db = path.join(dir, '.autoforge', 'features.db');
      expect(query<{ n: number }>(db, 'SELECT count(*) AS n FROM features')[0]!.n).toBe(0);
    });
  }

  it('accepts a file with a UTF-8 byte order mark', () => {
    const { dir } = jsonProject();
    const list = path.join(dir, 'feature_list.json');
    writeFileSync(list, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(list)]));
    const r = forgedbJson<ImportJson>(['import-json', '--project', dir]);
    expectExit(r, 0);
    expect(r.json.imported).toBe(legacyList().length);
  });

  it('reports no feature_list.json without creating a database', () => {
    const dir = tempDir();
    const r = forgedb(['import-json', '--project', dir]);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/No feature_list\.json/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('forgedb export-json', () => {
  /** The export must equal the obvious in-memory computation byte for byte. */
  function expected(db: string): string {
    const rows = query<FeatureRowLike>(db, 'SELECT * FROM features ORDER BY priority ASC, id ASC');
    return JSON.stringify(
      rows.map((r) => serializeFeature(r)),
      null,
      2,
    );
  }

  it('writes <project>/feature_list_export.json byte-exact, ordered by priority then id, without changing the db', () => {
    const dir = tempDir();
    const db = copyFixture('features-v18-current.db', dir, '.autoforge/features.db');
    const edit = new Database(db);
    // Ties on priority are ordered by id.
    edit.prepare('UPDATE features SET priority = 5 WHERE id IN (7, 3, 12)').run();
    edit.close();
    const sum = sha256(db);
    const r = forgedbJson<{ ok: boolean; file: string; count: number }>(['export-json', '--project', dir]);
    expectExit(r, 0);
    expect(r.json).toEqual({ ok: true, file: path.join(dir, 'feature_list_export.json'), count: 40 });
    const text = readFileSync(r.json.file, 'utf8');
    expect(text).toBe(expected(db));
    const ids = (JSON.parse(text) as { id: number; priority: number }[])
      .filter((f) => f.priority === 5)
      .map((f) => f.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(sha256(db)).toBe(sum);
  });

  it('honours --out and exports an un-migrated legacy file', () => {
    const dir = tempDir();
    const db = copyFixture('features-v1-oldest.db', dir, 'features.db');
    const out = path.join(dir, 'out', '..', 'mine.json');
    const r = forgedb(['export-json', '--project', dir, '--out', out]);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/Exported 40 feature\(s\) to .*mine\.json/);
    const parsed = JSON.parse(readFileSync(path.join(dir, 'mine.json'), 'utf8')) as {
      in_progress: boolean;
      dependencies: unknown[];
    }[];
    expect(parsed).toHaveLength(40);
    expect(parsed.every((f) => f.in_progress === false && Array.isArray(f.dependencies))).toBe(true);
    expect(readFileSync(path.join(dir, 'mine.json'), 'utf8')).toBe(expected(db));
  });

  it('exits 1 without a features.db or with an unwritable destination, leaving no file', () => {
    const dir = tempDir();
    expectExit(forgedb(['export-json', '--project', dir]), 1);
    copyFixture('features-v18-current.db', dir, 'features.db');
    const r = forgedb(['export-json', '--project', dir, '--out', path.join(dir, 'no', 'such', 'dir.json')]);
    expectExit(r, 1);
    expect(r.stderr).toMatch(/file error: open .*no\/such\/dir\.json\.tmp-\d+: does not exist/);
    expect(readdirSync(dir).filter((n) => n.endsWith('.json') || n.includes('.tmp'))).toEqual([]);
  });

  /** A project whose export is about 700 kB (below the 1 MB chunk, so one write): 1,000 long features. */
  function bigProject(): { dir: string; db: string } {
    const dir = tempDir();
    const db = copyFixture('features-v18-current.db', dir, '.autoforge/features.db');
    const edit = new Database(db);
    const insert = edit.prepare(
      "INSERT INTO features (priority, category, name, description, steps, passes, in_progress, needs_human_input) VALUES (?, 'bulk', ?, ?, '[\"one step\"]', 0, 0, 0)",
    );
    edit.transaction(() => {
      for (let i = 0; i < 1000; i++) insert.run(1000 + i, `Bulk feature ${i}`, 'words '.repeat(60));
    })();
    edit.close();
    return { dir, db };
  }

  it('on a full disk fails naming the file and keeps the previous export byte for byte', () => {
    const { dir } = bigProject();
    const out = path.join(dir, 'feature_list_export.json');
    writeFileSync(out, '[]\n');
    const previous = readFileSync(out);
    // 100 blocks (50 or 100 kB) lets SQLite's 32 kB -shm through but cuts the export short.
    const r = forgedbJson(['export-json', '--project', dir], { fileSizeLimitBlocks: 100 });
    expectExit(r, 1);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
    expect(r.stderr).toContain(
      `Could not write ${out}: the file would exceed this process's file-size limit (EFBIG).`,
    );
    expect(readFileSync(out).equals(previous)).toBe(true);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('refuses an --out that is a database (the project features.db, its assistant.db, any SQLite file), writing nothing', () => {
    const dir = tempDir();
    const db = copyFixture('features-v18-current.db', dir, '.autoforge/features.db');
    const assistant = copyFixture('assistant-current.db', dir, '.autoforge/assistant.db');
    const other = copyFixture('features-v7-schedules.db', dir, 'notes.json');
    for (const out of [db, assistant, other, path.relative(dir, db)]) {
      const sums = [db, assistant, other].map(sha256);
      const r = forgedbJson(['export-json', '--project', dir, '--out', out], { cwd: dir });
      expectExit(r, 1);
      expect(r.json).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(r.stderr).toMatch(/is a (SQLite database|database file of) .*; nothing was exported/);
      expect([db, assistant, other].map(sha256)).toEqual(sums);
    }
    expect(readdirSync(path.join(dir, '.autoforge')).filter((n) => n.includes('.tmp'))).toEqual([]);
  });
});
