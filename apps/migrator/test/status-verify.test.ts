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
  testingColumnProject,
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

  it('names a NOT NULL column without a default that blocks every INSERT, and an index with the wrong columns, until migrate repairs them', () => {
    const { dir, file } = testingColumnProject('b');
    const sum = sha256(file);
    const r = forgedb(['verify', '--project', dir]);
    expectExit(r, 1);
    expect(r.stdout).toMatch(/FAIL +column defaults/);
    expect(r.stdout).toContain(
      '- features.testing_in_progress (BOOLEAN) is NOT NULL without a default, and a current writer (forgedb or the Python app) leaves it out: every INSERT of a new row fails; forgedb migrate repairs it (DEFAULT 0, no row rewritten)',
    );
    expect(r.stdout).toContain(
      '- index ix_feature_status on features covers (passes, in_progress), expected (passes, in_progress, needs_human_input) (forgedb migrate recreates it)',
    );
    expect(sha256(file)).toBe(sum);
    expectExit(forgedb(['migrate', '--project', dir]), 0);
    const after = forgedbJson<VerifyJson>(['verify', '--project', dir]);
    expectExit(after, 0);
    expect(after.json.databases[0]!.checks.find((c) => c.name === 'column defaults')).toEqual({
      name: 'column defaults',
      ok: true,
      problems: [],
      notes: [],
    });
  });

  it('reports undecodable text, unusable ids and priorities, self-dependencies and cycles, with the ids', () => {
    const file = copyFixture('features-v18-current.db', tempDir(), 'features.db');
    expectExit(forgedb(['migrate', '--db', file]), 0);
    const db = new Database(file);
    db.exec(`INSERT INTO features (id, priority, category, name, description, steps, passes, in_progress,
      dependencies, needs_human_input) VALUES
      (9007199254740993, 1, 'c', 'huge', 'd', '[]', 0, 0, NULL, 0),
      (0, 2.5, 'c', 'zero', 'd', '[]', 0, 0, '[0]', 0),
      (501, 1, 'c', 'a', 'd', '[]', 0, 0, '[502]', 0),
      (502, 1, 'c', 'b', 'd', '[]', 0, 0, '[501]', 0)`);
    db.prepare('UPDATE features SET name = ? WHERE id = 501').run('lone \udc00');
    db.close();
    const r = forgedb(['verify', '--db', file]);
    expectExit(r, 1);
    expect(r.stdout).toMatch(/FAIL +text encoding\n +- features\.name: invalid UTF-8 text in rowid 501 /);
    expect(r.stdout).toMatch(
      /FAIL +feature ids\n +- features id <= 0: 0 .*\n +- features id outside the safe integer range .*: 9007199254740993 /,
    );
    expect(r.stdout).toMatch(/FAIL +priorities\n +- features\.priority is not an integer in id 0 \(real\)/);
    expect(r.stdout).toMatch(
      /FAIL +dependencies\n +- features depending on themselves: 0 .*\n +- dependency cycle between features 501, 502 /,
    );
  });

  it('reports a dropped lease trigger, and migrate restores it although the history says current', () => {
    const file = copyFixture('features-v18-current.db', tempDir(), 'features.db');
    expectExit(forgedb(['migrate', '--db', file]), 0);
    const db = new Database(file);
    db.exec('DROP TRIGGER features_end_claim_fences_lease');
    db.close();
    const r = forgedb(['verify', '--db', file]);
    expectExit(r, 1);
    expect(r.stdout).toMatch(/FAIL +migration objects/);
    expect(r.stdout).toMatch(
      /trigger features_end_claim_fences_lease is missing \(forgedb migrate repairs it\)/,
    );
    const migrate = forgedb(['migrate', '--db', file]);
    expectExit(migrate, 0);
    expect(migrate.stdout).toMatch(/restore trigger features_end_claim_fences_lease/);
    expectExit(forgedb(['verify', '--db', file]), 0);
  });

  it('shows migrations of a newer forgedb marked backward compatible as such, not as problems', () => {
    const file = copyFixture('features-v18-current.db', tempDir(), 'features.db');
    expectExit(forgedb(['migrate', '--db', file]), 0);
    const db = new Database(file);
    db.exec(`INSERT INTO __forgedb_migrations (tag, hash, created_at, applied_at, method, compatibility)
             VALUES ('0004_future', 'h', 0, '2026-01-01 00:00:00.000', 'applied', 'backward-compatible'),
                    ('0005_future', 'h', 0, '2026-01-01 00:00:01.000', 'applied', 'incompatible')`);
    db.close();
    const status = forgedb(['status', '--db', file]);
    expectExit(status, 0);
    expect(status.stdout).toMatch(
      /newer +applied by a newer forgedb: 0004_future \(backward compatible\), 0005_future \(NOT backward compatible: upgrade forgedb\)/,
    );
    const verify = forgedb(['verify', '--db', file]);
    expectExit(verify, 1);
    expect(verify.stdout).toMatch(
      /note: applied migration 0004_future is newer than this forgedb and backward compatible/,
    );
    expect(verify.stdout).toMatch(
      /- applied migration 0005_future is unknown to this forgedb version and not marked backward compatible/,
    );
    const migrate = forgedb(['migrate', '--db', file]);
    expectExit(migrate, 1);
    expect(migrate.stderr).toMatch(/0005_future are not marked backward compatible.*Upgrade forgedb/);
  });

  it('exits 1 on a project without databases', () => {
    const r = forgedb(['verify', '--project', tempDir()]);
    expectExit(r, 1);
    expect(r.stderr).toMatch(/nothing to verify/);
  });
});
