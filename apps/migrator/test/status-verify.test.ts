import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  copyFixture,
  expectExit,
  forgedb,
  forgedbJson,
  legacyProject,
  sha256,
  tempDir,
  FEATURE_TAGS,
} from './cli.js';

interface StatusJson {
  ok: boolean;
  projectDir: string | null;
  databases: {
    kind: string;
    file: string;
    journalMode: string;
    shape: string;
    pending: string[];
    guardsNeeded: string[];
    applied: { tag: string }[];
    rows: Record<string, number>;
    backups: string[];
  }[];
  missing: { kind: string; file: string }[];
}
interface VerifyJson {
  ok: boolean;
  databases: {
    kind: string;
    ok: boolean;
    checks: { name: string; ok: boolean; problems: string[]; notes: string[] }[];
  }[];
}

describe('forgedb status', () => {
  it('reports the resolved files, journal mode, legacy shape and pending work, read-only', () => {
    const dir = legacyProject();
    const files = ['features.db', 'assistant.db'].map((n) => path.join(dir, '.autocoder', n));
    const sums = files.map(sha256);
    const r = forgedbJson<StatusJson>(['status', '--project', dir]);
    expectExit(r, 0);
    expect(r.json.projectDir).toBe(dir);
    const [f, a] = r.json.databases;
    expect(f).toMatchObject({
      kind: 'features',
      file: files[0],
      journalMode: 'DELETE',
      shape: 'legacy',
      pending: FEATURE_TAGS,
      rows: { features: 40 },
    });
    expect(f!.guardsNeeded.length).toBeGreaterThan(0);
    expect(a).toMatchObject({ kind: 'assistant', file: files[1], shape: 'legacy' });
    expect(files.map(sha256)).toEqual(sums);

    expectExit(forgedb(['migrate', '--project', dir]), 0);
    const after = forgedbJson<StatusJson>(['status', '--project', dir]);
    expect(after.json.databases.map((d) => [d.shape, d.pending, d.backups.length])).toEqual([
      ['current', [], 1],
      ['current', [], 1],
    ]);
    expect(after.json.databases[0]!.applied.map((x) => x.tag)).toEqual(FEATURE_TAGS);

    const text = forgedb(['status', '--project', dir]);
    expectExit(text, 0);
    expect(text.stdout).toMatch(/features\.db +.*\.autocoder\/features\.db/);
    expect(text.stdout).toMatch(/shape +current/);
    expect(text.stdout).toMatch(/pending +none/);
  });

  it("lists a project's missing files with where they would go, creating nothing", () => {
    const dir = tempDir();
    const r = forgedbJson<StatusJson>(['status', '--project', dir]);
    expectExit(r, 0);
    expect(r.json.databases).toEqual([]);
    expect(r.json.missing).toEqual([
      { kind: 'features', file: path.join(dir, '.autoforge', 'features.db') },
      { kind: 'assistant', file: path.join(dir, '.autoforge', 'assistant.db') },
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does not create a missing project directory', () => {
    const missing = path.join(tempDir(), 'gone');
    for (const command of ['status', 'verify', 'backup']) {
      const r = forgedb([command, '--project', missing]);
      expectExit(r, 1);
      expect(r.stderr).toMatch(/does not exist; nothing was created/);
    }
    expect(existsSync(missing)).toBe(false);
  });
});

describe('forgedb verify', () => {
  it('passes an upgraded file and exits 0, noting tolerated legacy differences', () => {
    const file = copyFixture('features-v7-schedules.db', tempDir());
    expectExit(forgedb(['migrate', '--db', file]), 0);
    const r = forgedbJson<VerifyJson>(['verify', '--db', file]);
    expectExit(r, 0);
    expect(r.json.ok).toBe(true);
    expect(r.json.databases[0]!.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'integrity',
        'foreign keys',
        'json cells',
        'null booleans',
        'schema',
        'migrations',
      ]),
    );
  });

  it('exits 1 with a readable report when something is wrong, and changes nothing', () => {
    const file = copyFixture('features-v1-oldest.db', tempDir(), 'features.db');
    const db = new Database(file);
    db.prepare("UPDATE features SET steps = '[\"unterminated' WHERE id = 2").run();
    db.close();
    const sum = sha256(file);
    const r = forgedb(['verify', '--db', file]);
    expectExit(r, 1);
    expect(r.stdout).toMatch(/PROBLEMS FOUND/);
    expect(r.stdout).toMatch(/FAIL +json cells/);
    expect(r.stdout).toMatch(/features\.steps: malformed JSON in id 2/);
    expect(r.stdout).toMatch(/FAIL +migrations/);
    expect(r.stdout).toMatch(/Problems found/);
    const json = forgedbJson<VerifyJson>(['verify', '--db', file]);
    expectExit(json, 1);
    expect(json.json.ok).toBe(false);
    expect(json.json.databases[0]!.checks.find((c) => c.name === 'null booleans')!.ok).toBe(false);
    expect(sha256(file)).toBe(sum);
  });

  it('exits 1 on a project without databases', () => {
    const r = forgedb(['verify', '--project', tempDir()]);
    expectExit(r, 1);
    expect(r.stderr).toMatch(/nothing to verify/);
  });
});
