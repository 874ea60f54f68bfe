import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { migratePg, PG_KINDS } from '@forgedb/migrate/pg';
import { createTestDatabase, pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import { loadMigrations } from '@forgedb/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgedb, forgedbJson, tempDir } from './cli.js';

const template = {
  name: `forgedb_cli_${createHash('sha256')
    .update(PG_KINDS.flatMap((k) => loadMigrations(k, 'postgresql').map((m) => m.hash)).join(','))
    .digest('hex')
    .slice(0, 12)}`,
  prepare: async (url: string) => {
    await migratePg({ database: url });
  },
};

const LIST = [
  { id: 1, priority: 1, category: 'core', name: 'schema', description: 'd', steps: ['a'] },
  { id: 2, priority: 2, category: 'core', name: 'api', description: 'd', steps: [], dependencies: [1] },
  { id: 3, priority: 3, category: 'ui', name: 'page', description: 'd', steps: [] },
];

let database: TestDatabase | undefined;
const url = () => database!.url;

describe.skipIf(pgSkipped())('the CLI on PostgreSQL', () => {
  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'forgedb_cli', template });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('imports a list into a new project, then serves the queue and exports it', () => {
    const dir = tempDir('forgedb-cli-pg-');
    const file = path.join(dir, 'feature_list.json');
    writeFileSync(file, JSON.stringify(LIST));
    const target = ['--database-url', url(), '--project-name', 'app-one'];

    const imported = forgedbJson(['import-json', ...target, '--file', file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.json).toMatchObject({ ok: true, project: 'app-one', created: true, imported: 3 });
    expect(existsSync(file)).toBe(false);

    const ready = forgedbJson<{ features: { id: number }[] }>(['features', 'ready', ...target]);
    expect(ready.json.features.map((f) => f.id)).toEqual([1, 3]);

    const claimed = forgedbJson<{ feature: { id: number } }>([
      'features',
      'claim-next',
      ...target,
      '--agent',
      'a1',
    ]);
    expect(claimed.code, claimed.stderr).toBe(0);
    expect(claimed.json.feature.id).toBe(1);
    expect(forgedb(['features', 'pass', '1', ...target]).code).toBe(0);

    const after = forgedbJson<{ features: { id: number }[] }>(['features', 'ready', ...target]);
    // Passing 1 unblocks 2; the order among ready features is the scheduling score's (tested in the store).
    expect(after.json.features.map((f) => f.id).sort()).toEqual([2, 3]);

    const out = path.join(dir, 'export.json');
    const exported = forgedbJson(['export-json', ...target, '--out', out]);
    expect(exported.json).toMatchObject({ ok: true, count: 3 });
    const rows = JSON.parse(readFileSync(out, 'utf8')) as { id: number; passes: boolean }[];
    expect(rows.map((r) => [r.id, r.passes])).toEqual([
      [1, true],
      [2, false],
      [3, false],
    ]);
  });

  it('a refused list creates no project and leaves the file in place', () => {
    const dir = tempDir('forgedb-cli-pg-bad-');
    const file = path.join(dir, 'feature_list.json');
    writeFileSync(file, JSON.stringify([LIST[0], LIST[0]]));
    const target = ['--database-url', url(), '--project-name', 'app-bad'];
    const r = forgedbJson(['import-json', ...target, '--file', file]);
    expect(r.code).toBe(1);
    expect(r.json.ok).toBe(false);
    expect(existsSync(file)).toBe(true);
    const status = forgedbJson<{ projects: { name: string }[] }>(['status', '--database-url', url()]);
    expect(status.json.projects.map((p) => p.name)).not.toContain('app-bad');
  });

  it('FORGEDB_DATABASE_URL is the default target, and the flag wins over it', () => {
    const env = { FORGEDB_DATABASE_URL: url() };
    const stats = forgedbJson(['features', 'stats', '--project-name', 'app-one'], { env });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.json).toMatchObject({ ok: true, total: 3, passing: 1 });

    const wrong = { FORGEDB_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    const flagged = forgedb(['features', 'stats', '--database-url', url(), '--project-name', 'app-one'], {
      env: wrong,
    });
    expect(flagged.code, flagged.stderr).toBe(0);
  });

  it('status and verify --project-name show only that project', () => {
    const status = forgedbJson<{ projects: { name: string; features: number; passing: number }[] }>([
      'status',
      '--database-url',
      url(),
      '--project-name',
      'app-one',
    ]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.json.projects).toEqual([{ name: 'app-one', features: 3, passing: 1, inProgress: 0 }]);
    const verify = forgedbJson(['verify', '--database-url', url(), '--project-name', 'app-one']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.json.ok).toBe(true);
  });

  it('refuses an unknown project, naming the ones there, and creates nothing', () => {
    const r = forgedb(['features', 'stats', '--database-url', url(), '--project-name', 'app-onee']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/app-onee/);
    expect(r.stderr).toMatch(/"app-one"/);
    const again = forgedb(['features', 'stats', '--database-url', url(), '--project-name', 'app-onee']);
    expect(again.code).toBe(1);
  });

  it('never prints a password, and a refused connection names host and port', () => {
    const secret = 's3cr3t-Pa55';
    const u = new URL(url());
    u.password = secret;
    const withPassword = forgedb([
      'features',
      'stats',
      '--database-url',
      u.toString(),
      '--project-name',
      'nope',
    ]);
    expect(withPassword.code).toBe(1);
    expect(withPassword.stdout + withPassword.stderr).not.toContain(secret);

    const refused = forgedbJson([
      'features',
      'stats',
      '--database-url',
      `postgres://agent:${secret}@127.0.0.1:1/forge`,
      '--project-name',
      'app-one',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).not.toContain(secret);
    expect(refused.stderr).toMatch(/127\.0\.0\.1:1/);

    const migrate = forgedb(['migrate', '--database-url', `postgres://agent:${secret}@127.0.0.1:1/forge`]);
    expect(migrate.code).toBe(1);
    expect(migrate.stdout + migrate.stderr).not.toContain(secret);
    expect(migrate.stderr).toMatch(/127\.0\.0\.1:1/);
  });

  it('refuses contradictions and SQLite-only commands with a usage error, before connecting', () => {
    const dir = tempDir('forgedb-cli-pg-usage-');
    const pg = ['--database-url', 'postgres://nobody@127.0.0.1:1/none'];
    const cases: [string[], RegExp][] = [
      [['backup', ...pg], /SQLite-only; use pg_dump/],
      [['restore', ...pg], /SQLite-only; use pg_dump/],
      [['demo', ...pg], /SQLite-only; use pg_dump/],
      [['features', 'stats', ...pg], /needs --project-name/],
      [['features', 'stats', ...pg, '--project-name', 'a', '--project', dir], /not both/],
      [['import-json', ...pg, '--project-name', 'a', '--project', dir], /not both/],
      [['export-json', ...pg, '--project-name', 'a'], /needs --out FILE/],
      [['import-json', ...pg, '--project-name', 'a'], /needs --file FILE/],
      [['features', 'stats', '--project-name', 'a', '--project', dir], /give --database-url/],
    ];
    for (const [args, message] of cases) {
      const r = forgedb(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });
});
