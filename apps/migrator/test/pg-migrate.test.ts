import { spawn } from 'node:child_process';
import { createTestDatabase, pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import { loadMigrations } from '@forgedb/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, forgedb, forgedbJson } from './cli.js';

interface Stream {
  kind: string;
  applied: { tag: string }[];
  pending: string[];
}
interface Status {
  ok: boolean;
  streams: Stream[];
  projects: { name: string; features: number }[] | null;
}
interface Step {
  kind: string;
  tag: string;
  direction: 'up' | 'down';
  statements: string[];
  dropsData: string[];
}

const SHIPPED = {
  features: loadMigrations('features', 'postgresql').map((m) => m.tag),
  assistant: loadMigrations('assistant', 'postgresql').map((m) => m.tag),
};

/** `forgedb migrate` as a separate OS process, so several can race for the migration lock. */
function migrateProcess(url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'migrate', '--database-url', url, '--json']);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let database: TestDatabase | undefined;

describe.skipIf(pgSkipped())('forgedb migrate, status and verify on PostgreSQL', () => {
  beforeAll(async () => {
    // An empty database: no template, so the CLI does the whole migration.
    database = await createTestDatabase({ prefix: 'forgedb_cli_migrate' });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('plans with --dry-run (the SQL, nothing changed), then 4 concurrent migrators apply each migration once', async () => {
    const url = database!.url;
    const dry = forgedbJson<{ ok: boolean; dryRun: boolean; steps: Step[]; ran: Step[] }>([
      'migrate',
      '--database-url',
      url,
      '--dry-run',
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json.dryRun).toBe(true);
    expect(dry.json.ran).toEqual([]);
    expect(dry.json.steps.map((s) => `${s.kind}/${s.tag}`)).toEqual([
      ...SHIPPED.features.map((t) => `features/${t}`),
      ...SHIPPED.assistant.map((t) => `assistant/${t}`),
    ]);
    expect(dry.json.steps.every((s) => s.direction === 'up' && s.statements.length > 0)).toBe(true);
    const text = forgedb(['migrate', '--database-url', url, '--dry-run']);
    expect(text.stdout).toMatch(/Dry run: nothing was changed/);
    expect(text.stdout).toMatch(/CREATE TABLE/);

    const before = forgedbJson<Status>(['status', '--database-url', url]);
    expect(before.json.streams.flatMap((s) => s.applied)).toEqual([]);
    expect(before.json.projects).toBeNull();

    const runs = await Promise.all(Array.from({ length: 4 }, () => migrateProcess(url)));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const ran = runs.flatMap((r) =>
      (JSON.parse(r.stdout) as { ran: Step[] }).ran.map((s) => `${s.kind}/${s.tag}`),
    );
    // Every migration ran exactly once across the four processes.
    expect(ran.sort()).toEqual(dry.json.steps.map((s) => `${s.kind}/${s.tag}`).sort());

    const after = forgedbJson<Status>(['status', '--database-url', url]);
    expect(after.json.ok).toBe(true);
    for (const s of after.json.streams) {
      expect(s.pending).toEqual([]);
      expect(s.applied.map((a) => a.tag)).toEqual(SHIPPED[s.kind as keyof typeof SHIPPED]);
    }
    expect(after.json.projects).toEqual([]);
    const verified = forgedbJson<{ ok: boolean; checks: { name: string; ok: boolean }[] }>([
      'verify',
      '--database-url',
      url,
    ]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.json.ok).toBe(true);
  });

  it('--to base runs every down (saying what it drops), status then shows it all pending, and migrate brings it back', () => {
    const url = database!.url;
    const down = forgedbJson<{ ran: Step[] }>(['migrate', '--database-url', url, '--to', 'base']);
    expect(down.code, down.stderr).toBe(0);
    expect(down.json.ran.every((s) => s.direction === 'down')).toBe(true);
    expect(down.json.ran).toHaveLength(SHIPPED.features.length + SHIPPED.assistant.length);
    expect(down.json.ran.some((s) => s.dropsData.length > 0)).toBe(true);

    const status = forgedbJson<Status>(['status', '--database-url', url]);
    expect(status.json.projects).toBeNull();
    for (const s of status.json.streams) expect(s.pending).toEqual(SHIPPED[s.kind as keyof typeof SHIPPED]);
    // A store refuses a database that is behind; verify says so too.
    const verify = forgedbJson<{ ok: boolean; error: { code: string } }>(['verify', '--database-url', url]);
    expect(verify.code).toBe(1);
    expect(verify.json).toMatchObject({ ok: false, error: { code: 'VERIFY_FAILED' } });

    const up = forgedbJson<{ ran: Step[] }>(['migrate', '--database-url', url]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.json.ran.every((s) => s.direction === 'up')).toBe(true);
    expect(forgedbJson(['verify', '--database-url', url]).json.ok).toBe(true);
  });

  it('--project-name narrows status and verify; an unknown project is refused; --to on SQLite is a usage error', () => {
    const url = database!.url;
    const dir = `${process.cwd()}/fixtures-none`;
    const unknown = forgedbJson(['status', '--database-url', url, '--project-name', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.json).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(forgedb(['verify', '--database-url', url, '--project-name', 'nope']).code).toBe(1);
    const sqliteTo = forgedb(['migrate', '--project', dir, '--to', 'base']);
    expect(sqliteTo.code).toBe(2);
    expect(sqliteTo.stderr).toMatch(/--to TAG\|base is for PostgreSQL/);
    const narrowed = forgedb(['migrate', '--database-url', url, '--project-name', 'x']);
    expect(narrowed.code).toBe(2);
    // A typo in --to is refused before anything connects, listing what exists.
    const typo = forgedb(['migrate', '--database-url', url, '--to', '0000_baselne']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/--to 0000_baselne: no such migration\. Use one of: base, 0000_baseline/);
    expect(forgedbJson(['status', '--database-url', url]).json.ok).toBe(true);
  });
});
