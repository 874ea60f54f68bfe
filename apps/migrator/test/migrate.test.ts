import Database from 'better-sqlite3';
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  copyFixture,
  expectExit,
  forgedb,
  forgedbJson,
  legacyProject,
  query,
  sha256,
  tempDir,
  testingColumnProject,
  FEATURE_TAGS,
} from './cli.js';

interface UpgradeJson {
  kind: string;
  file: string;
  shapeBefore: string;
  changed: boolean;
  backup: string | null;
  guardsApplied: string[];
  adopted: string | null;
  applied: string[];
  dryRun: boolean;
  plan: {
    guards: { id: string; description: string; sql: string[] }[];
    adoptBaseline: string | null;
    migrations: { tag: string; sql: string }[];
  };
}
interface MigrateJson {
  ok: boolean;
  dryRun: boolean;
  projectDir: string | null;
  databases: UpgradeJson[];
  missing: { kind: string; file: string }[];
}

describe('forgedb migrate', () => {
  it('upgrades both databases of a legacy .autocoder/ project in place, with backups, keeping every row', () => {
    const dir = legacyProject();
    const features = path.join(dir, '.autocoder', 'features.db');
    const before = query(features, 'SELECT id, name, passes FROM features ORDER BY id');
    const r = forgedbJson<MigrateJson>(['migrate', '--project', dir]);
    expectExit(r, 0);
    expect(r.json.ok).toBe(true);
    const [f, a] = r.json.databases;
    expect(f).toMatchObject({
      kind: 'features',
      file: features,
      shapeBefore: 'legacy',
      changed: true,
      adopted: '0000_baseline',
      applied: FEATURE_TAGS.slice(1),
    });
    expect(f!.guardsApplied).toEqual(
      expect.arrayContaining([
        'add-column:features.in_progress',
        'add-column:features.dependencies',
        'repair-nulls:features.passes',
      ]),
    );
    expect(existsSync(f!.backup!)).toBe(true);
    expect(a).toMatchObject({
      kind: 'assistant',
      shapeBefore: 'legacy',
      changed: true,
      adopted: '0000_baseline',
    });
    // No new .autoforge/ copy: the files are upgraded where they are.
    expect(existsSync(path.join(dir, '.autoforge'))).toBe(false);
    const after = query<{ id: number; name: string; passes: number }>(
      features,
      'SELECT id, name, passes FROM features ORDER BY id',
    );
    expect(after.map((x) => [x.id, x.name])).toEqual(before.map((x) => [x.id, x.name]));
    expect(after.every((x) => x.passes === 0 || x.passes === 1)).toBe(true);

    const again = forgedbJson<MigrateJson>(['migrate', '--project', dir]);
    expectExit(again, 0);
    expect(again.json.databases.map((d) => [d.changed, d.shapeBefore, d.backup])).toEqual([
      [false, 'current', null],
      [false, 'current', null],
    ]);
  });

  it.each(['a', 'b'] as const)(
    'repairs a Python variant %s file (testing_in_progress NOT NULL without a default) so features can be created',
    (variant) => {
      const { dir, file } = testingColumnProject(variant);
      const batch = path.join(tempDir(), 'batch.json');
      writeFileSync(
        batch,
        JSON.stringify([{ category: 'c', name: 'after', description: 'd', steps: ['s'] }]),
      );
      const before = query(
        file,
        'SELECT id, testing_in_progress, last_tested_at, owner_note FROM features ORDER BY id',
      );

      const r = forgedb(['migrate', '--project', dir]);
      expectExit(r, 0);
      expect(r.stdout).toContain('give features.testing_in_progress DEFAULT 0 (NOT NULL without a default');
      if (variant === 'b')
        expect(r.stdout).toContain(
          'recreate index ix_feature_status on features (it covers (passes, in_progress)',
        );
      expectExit(forgedb(['verify', '--project', dir]), 0);

      const created = forgedbJson<{ created: number; features: { id: number }[] }>([
        'features',
        'create-bulk',
        '--file',
        batch,
        '--project',
        dir,
      ]);
      expectExit(created, 0);
      expect(created.json.features.map((f) => f.id)).toEqual([1001]);
      const after = query(
        file,
        'SELECT id, testing_in_progress, last_tested_at, owner_note FROM features ORDER BY id',
      );
      expect(after).toEqual([
        ...before,
        { id: 1001, testing_in_progress: 0, last_tested_at: null, owner_note: null },
      ]);
      const again = forgedbJson<MigrateJson>(['migrate', '--project', dir]);
      expect(again.json.databases[0]).toMatchObject({ changed: false, shapeBefore: 'current' });
    },
  );

  it('import-json and create-bulk work on a testing_in_progress file nobody migrated first', () => {
    const empty = testingColumnProject('a', { seed: false });
    writeFileSync(
      path.join(empty.dir, 'feature_list.json'),
      JSON.stringify([{ name: 'one', steps: ['a'] }, { name: 'two' }]),
    );
    expectExit(forgedb(['import-json', '--project', empty.dir]), 0);
    expect(query(empty.file, 'SELECT id, name, testing_in_progress FROM features ORDER BY id')).toEqual([
      { id: 1, name: 'one', testing_in_progress: 0 },
      { id: 2, name: 'two', testing_in_progress: 0 },
    ]);

    const seeded = testingColumnProject('b');
    const batch = path.join(tempDir(), 'batch.json');
    writeFileSync(batch, JSON.stringify([{ category: 'c', name: 'n', description: 'd', steps: ['s'] }]));
    expectExit(forgedb(['features', 'create-bulk', '--file', batch, '--project', seeded.dir]), 0);
    expect(query(seeded.file, 'SELECT count(*) AS n FROM features')).toEqual([{ n: 41 }]);
  });

  it('upgrades one file given with --db, inferring its kind from its tables', () => {
    const dir = tempDir();
    for (const [fixture, kind] of [
      ['features-v7-schedules.db', 'features'],
      ['features-v18-current.db', 'features'],
      ['assistant-current.db', 'assistant'],
    ] as const) {
      const file = copyFixture(fixture, dir, `copy-of-${fixture.replace(/\W/g, '')}.sqlite`);
      const r = forgedbJson<MigrateJson>(['migrate', '--db', file]);
      expectExit(r, 0);
      expect(r.json.databases).toHaveLength(1);
      expect(r.json.databases[0]).toMatchObject({ kind, file, changed: true });
      expect(forgedb(['verify', '--db', file]).code).toBe(0);
    }
  });

  it('prints a readable report without --json', () => {
    const dir = legacyProject();
    const r = forgedb(['migrate', '--project', dir]);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/features\.db .*\(was: legacy\)/);
    expect(r.stdout).toMatch(/backup +.*features\.db\.backup-/);
    expect(r.stdout).toContain('add missing column features.in_progress');
    expect(r.stdout).toMatch(/adopted +0000_baseline/);
    expect(r.stdout).toMatch(/applied +0001_claim_leases/);
  });

  it('--dry-run prints the guards and SQL and leaves every byte of the files as it was', () => {
    const dir = legacyProject();
    const files = ['features.db', 'assistant.db'].map((n) => path.join(dir, '.autocoder', n));
    const sums = files.map(sha256);
    const r = forgedbJson<MigrateJson>(['migrate', '--project', dir, '--dry-run']);
    expectExit(r, 0);
    expect(r.json.dryRun).toBe(true);
    const f = r.json.databases[0]!;
    expect(f.changed).toBe(false);
    expect(f.backup).toBeNull();
    expect(f.plan.guards.find((g) => g.id === 'add-column:features.in_progress')!.sql[0]).toMatch(
      /ALTER TABLE "features" ADD COLUMN "in_progress"/,
    );
    expect(f.plan.adoptBaseline).toBe('0000_baseline');
    expect(f.plan.migrations.map((m) => m.tag)).toEqual(FEATURE_TAGS.slice(1));
    expect(files.map(sha256)).toEqual(sums);

    const text = forgedb(['migrate', '--project', dir, '--dry-run']);
    expectExit(text, 0);
    expect(text.stdout).toMatch(/^Dry run: nothing was changed/);
    expect(text.stdout).toContain('ALTER TABLE "features" ADD COLUMN "in_progress"');
    expect(text.stdout).toContain('ALTER TABLE `features` ADD `claimed_by`');
    expect(files.map(sha256)).toEqual(sums);

    const legacy = testingColumnProject('a');
    const sum = sha256(legacy.file);
    const edit = forgedb(['migrate', '--project', legacy.dir, '--dry-run']);
    expectExit(edit, 0);
    expect(edit.stdout).toContain('PRAGMA writable_schema = ON');
    expect(edit.stdout).toContain('testing_in_progress BOOLEAN NOT NULL DEFAULT 0');
    expect(sha256(legacy.file)).toBe(sum);
    expect(readdirSync(path.join(dir, '.autocoder')).filter((n) => n.includes('backup'))).toEqual([]);
  });

  it('refuses a file that is not SQLite: exit 1, file unchanged, nothing written beside it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'features.db');
    writeFileSync(file, 'this is a text file, not a database\n'.repeat(10));
    const sum = sha256(file);
    const r = forgedbJson(['migrate', '--db', file]);
    expectExit(r, 1);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'NOT_A_DATABASE' } });
    expect(r.stderr).toMatch(/not a usable SQLite database .*not modified/);
    expect(sha256(file)).toBe(sum);
    expect(readdirSync(dir)).toEqual(['features.db']);
  });

  it('refuses a read-only file: exit 1, file unchanged, no backup', () => {
    const dir = legacyProject();
    const file = path.join(dir, '.autocoder', 'features.db');
    chmodSync(file, 0o444);
    const sum = sha256(file);
    const r = forgedb(['migrate', '--db', file]);
    expectExit(r, 1);
    expect(r.stderr).toMatch(/read-only; nothing was written/);
    expect(sha256(file)).toBe(sum);
    expect(readdirSync(path.dirname(file)).filter((n) => n.includes('backup'))).toEqual([]);
    expect(statSync(file).mode & 0o777).toBe(0o444);
  });

  it('refuses a missing project directory and does not create it', () => {
    const missing = path.join(tempDir(), 'not-here');
    const r = forgedb(['migrate', '--project', missing]);
    expectExit(r, 1);
    expect(r.stderr).toMatch(/Project directory .*not-here does not exist; nothing was created/);
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a missing --db file and does not create it', () => {
    const missing = path.join(tempDir(), 'features.db');
    const r = forgedb(['migrate', '--db', missing]);
    expectExit(r, 1);
    expect(r.stderr).toMatch(/no such file/);
    expect(existsSync(missing)).toBe(false);
  });

  it('has nothing to do in a project without databases, and creates nothing', () => {
    const dir = tempDir();
    const r = forgedbJson<MigrateJson>(['migrate', '--project', dir]);
    expectExit(r, 0);
    expect(r.json.databases).toEqual([]);
    expect(r.json.missing.map((m) => m.kind)).toEqual(['features', 'assistant']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("asks for --kind when a file's kind cannot be told, and accepts it", () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.sqlite');
    writeFileSync(file, '');
    const r = forgedb(['migrate', '--db', file]);
    expectExit(r, 1);
    expect(r.stderr).toMatch(/Pass --kind features or --kind assistant/);
    const ok = forgedbJson<MigrateJson>(['migrate', '--db', file, '--kind', 'assistant']);
    expectExit(ok, 0);
    expect(ok.json.databases[0]).toMatchObject({
      kind: 'assistant',
      shapeBefore: 'empty',
      applied: ['0000_baseline'],
    });
  });
});

describe('forgedb migrate when it cannot finish', () => {
  const header = (file: string) => {
    const b = readFileSync(file);
    return [b[18], b[19]];
  };
  const backups = (file: string) =>
    readdirSync(path.dirname(file)).filter((n) => n.startsWith(`${path.basename(file)}.backup-`));

  it('when a write fails (a file-size limit) names the file, leaves the header in rollback-journal mode and no backup behind', () => {
    const dir = tempDir();
    const file = copyFixture('features-v1-oldest.db', dir, '.autocoder/features.db');
    const grow = new Database(file);
    const insert = grow.prepare(
      "INSERT INTO features (priority, category, name, description, steps, passes) VALUES (?, 'c', ?, ?, '[]', 0)",
    );
    grow.transaction(() => {
      for (let i = 0; i < 300; i++) insert.run(100 + i, `Feature ${i}`, 'text '.repeat(50));
    })();
    grow.close();
    expect(header(file)).toEqual([1, 1]);
    const sum = sha256(file);
    // 41 blocks (about 20 or 41 kB, not a multiple of the page size, so the write that crosses
    // it is cut short as on a filling disk): a journal of a page or two fits, the backup does not.
    const r = forgedbJson(['migrate', '--db', file], { fileSizeLimitBlocks: 41 });
    expectExit(r, 1);
    // SQLite reports EFBIG as SQLITE_IOERR_WRITE (a real ENOSPC is SQLITE_FULL, DISK_FULL): either
    // way the message names the file that could not be written and says what happened.
    expect(r.json).toMatchObject({ ok: false, error: { code: 'IO' } });
    expect(r.stderr).toMatch(
      /features\.db\.backup-\S+-pre-forgedb: the operating system failed a read or write \(SQLITE_IOERR_WRITE.*a file-size limit/,
    );
    expect(r.stderr).toContain('nothing was changed');
    expect(header(file)).toEqual([1, 1]);
    expect(sha256(file)).toBe(sum);
    expect(backups(file)).toEqual([]);
    expect(readdirSync(path.dirname(file)).filter((n) => n !== 'features.db')).toEqual([]);
  });

  it('refuses a user-added column that a migration would add, explaining it, with nothing changed', () => {
    const dir = tempDir();
    const file = copyFixture('features-v18-current.db', dir, '.autoforge/features.db');
    const db = new Database(file);
    db.exec('ALTER TABLE features ADD COLUMN claimed_by INTEGER');
    db.close();
    const sum = sha256(file);
    const r = forgedbJson(['migrate', '--db', file]);
    expectExit(r, 1);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'SCHEMA' } });
    expect(r.stderr).toContain('features.claimed_by already exists (declared as INTEGER)');
    expect(r.stderr).not.toMatch(/duplicate column|SQLITE_ERROR/);
    expect(sha256(file)).toBe(sum);
    expect(backups(file)).toEqual([]);
  });
});
