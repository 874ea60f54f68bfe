import { SchemaError, ValidationError } from '@forgedb/db-core';
import { createTestDatabase, pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import { loadMigrations } from '@forgedb/schema';
import { workerScripts } from '@forgedb/test-utils';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { BASE, migratePg, PG_KINDS, verifyPg } from '../src/pg/index.js';

const workers = workerScripts(path.resolve(import.meta.dirname, 'workers'), { tsx: true });
const made: TestDatabase[] = [];
async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ prefix: 'forgedb_migrate' });
  made.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => d.drop()));
});

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** The schema as the catalog describes it: columns, constraints, indexes, sequences. */
async function catalogDump(url: string, schema: string): Promise<string[]> {
  const rows = await query<{ line: string }>(
    url,
    `SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
            coalesce(column_default, '-') || ' ' || coalesce(identity_generation, '-') || ' ' ||
            coalesce(datetime_precision::text, '-') AS line
       FROM information_schema.columns WHERE table_schema = $1
     UNION ALL
     SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
       FROM pg_constraint WHERE connamespace = $1::regnamespace
     UNION ALL
     SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = $1
     UNION ALL
     SELECT 'sequence ' || sequencename || ' ' || data_type::text || ' ' || increment_by || ' ' || start_value
       FROM pg_sequences WHERE schemaname = $1
     ORDER BY 1`,
    [schema],
  );
  return rows.map((r) => r.line);
}

const tablesIn = async (url: string, schema: string) =>
  (
    await query<{ t: string }>(
      url,
      'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
      [schema],
    )
  ).map((r) => r.t);

const shippedSteps = () =>
  PG_KINDS.flatMap((k) => loadMigrations(k, 'postgresql').map((m) => `${k}/${m.tag}`));

describe.skipIf(pgSkipped())('the PostgreSQL migration runner', () => {
  it('applies every shipped migration once, records who and when, and finds nothing to do the second time', async () => {
    const { url } = await freshDatabase();
    const first = await migratePg({ database: url });
    expect(first.ran.map((s) => `${s.kind}/${s.tag}`)).toEqual(shippedSteps());
    expect(first.history).toHaveLength(shippedSteps().length);
    for (const h of first.history) {
      expect(h.method).toBe('applied');
      expect(h.appliedBy).toMatch(/^postgres@.+:\d+$/);
      expect(h.appliedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    }
    expect(await tablesIn(url, 'forgedb')).toEqual([
      '__forgedb_migrations',
      'conversation_messages',
      'conversations',
      'features',
      'lease_state',
      'projects',
      'schedule_overrides',
      'schedules',
    ]);
    const second = await migratePg({ database: url });
    expect(second.ran).toEqual([]);
    expect(second.history).toEqual(first.history);
  });

  it('a dry run returns the SQL plan and changes nothing, not even the schema', async () => {
    const { url } = await freshDatabase();
    const plan = await migratePg({ database: url, dryRun: true });
    expect(plan.steps.map((s) => `${s.kind}/${s.tag}`)).toEqual(shippedSteps());
    expect(plan.steps[0]!.statements[0]).toMatch(/^CREATE TABLE "forgedb"\./);
    expect(plan.ran).toEqual([]);
    expect(await query(url, "SELECT 1 FROM pg_namespace WHERE nspname = 'forgedb'")).toEqual([]);
  });

  it("a down's plan says it drops data, table by table", async () => {
    const { url } = await freshDatabase();
    await migratePg({ database: url });
    const plan = await migratePg({ database: url, to: BASE, dryRun: true });
    expect(plan.steps.map((s) => `${s.direction} ${s.kind}/${s.tag}`)).toEqual([
      'down assistant/0000_baseline',
      'down features/0002_status_delta',
      'down features/0001_claim_generations',
      'down features/0000_baseline',
    ]);
    expect(plan.steps.flatMap((s) => s.dropsData)).toEqual([
      'drops table "forgedb"."conversation_messages" and every row in it',
      'drops table "forgedb"."conversations" and every row in it',
      'drops column "changed_xid" of "forgedb"."features" and its values',
      'drops sequence "forgedb"."claim_generations" and its current value',
      'drops table "forgedb"."schedule_overrides" and every row in it',
      'drops table "forgedb"."schedules" and every row in it',
      'drops table "forgedb"."features" and every row in it',
      'drops table "forgedb"."lease_state" and every row in it',
      'drops table "forgedb"."projects" and every row in it',
    ]);
    expect((await migratePg({ database: url, dryRun: true })).history).toHaveLength(shippedSteps().length);
  });

  it('up, down to base, up again gives a catalog identical to the first up; base leaves only the history', async () => {
    const { url } = await freshDatabase();
    await migratePg({ database: url });
    const up = await catalogDump(url, 'forgedb');
    expect(up.length).toBeGreaterThan(50);

    const down = await migratePg({ database: url, to: BASE });
    expect(down.ran.every((s) => s.direction === 'down')).toBe(true);
    expect(down.history).toEqual([]);
    expect(await tablesIn(url, 'forgedb')).toEqual(['__forgedb_migrations']);

    await migratePg({ database: url });
    expect(await catalogDump(url, 'forgedb')).toEqual(up);
  });

  it('down one migration and up again gives the catalog of the first up', async () => {
    const { url } = await freshDatabase();
    await migratePg({ database: url });
    const up = await catalogDump(url, 'forgedb');
    const shipped = loadMigrations('features', 'postgresql');
    const down = await migratePg({ database: url, to: shipped.at(-2)!.tag });
    expect(down.ran.map((s) => `${s.direction} ${s.tag}`)).toEqual([`down ${shipped.at(-1)!.tag}`]);
    expect(await catalogDump(url, 'forgedb')).not.toEqual(up);
    await migratePg({ database: url });
    expect(await catalogDump(url, 'forgedb')).toEqual(up);
  });

  it('moves to a tag: down to it is a no-op when it is the newest, and an unknown tag is refused', async () => {
    const { url } = await freshDatabase();
    const newest = loadMigrations('features', 'postgresql').at(-1)!.tag;
    await migratePg({ database: url, to: newest });
    expect((await migratePg({ database: url, dryRun: true })).steps).toEqual([]);
    const back = await migratePg({ database: url, to: '0000_baseline', dryRun: true });
    expect(back.steps.map((s) => `${s.direction} ${s.kind}/${s.tag}`)).toEqual(
      loadMigrations('features', 'postgresql')
        .slice(1)
        .reverse()
        .map((m) => `down features/${m.tag}`),
    );
    await expect(migratePg({ database: url, to: '9999_nope' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('claim generations: the sequence starts past every generation issued, and its down keeps the highest in lease_state', async () => {
    const { url } = await freshDatabase();
    await migratePg({ database: url, to: '0000_baseline' });
    const now = 'clock_timestamp()';
    await query(
      url,
      `WITH p AS (INSERT INTO forgedb.projects (name, graph_version, created_at, updated_at)
                  VALUES ('a', 0, ${now}, ${now}), ('b', 0, ${now}, ${now}) RETURNING id, name)
       INSERT INTO forgedb.lease_state (project_id, generation, epoch, created_at, updated_at)
       SELECT id, CASE name WHEN 'a' THEN 40 ELSE 7 END, 'e', ${now}, ${now} FROM p`,
    );
    await query(
      url,
      `INSERT INTO forgedb.features (project_id, id, priority, category, name, description, steps, passes,
              in_progress, needs_human_input, claim_generation, extra, created_at, updated_at)
       SELECT id, 1, 1, 'c', 'n', 'd', '[]', false, false, false, 55, '{}', ${now}, ${now}
         FROM forgedb.projects WHERE name = 'b'`,
    );
    await migratePg({ database: url });
    const next = async () =>
      (await query<{ n: string }>(url, "SELECT nextval('forgedb.claim_generations')::text AS n"))[0]!.n;
    // Past the lease states (40) and the rows' own generations (55).
    expect(await next()).toBe('56');
    await query(url, "SELECT setval('forgedb.claim_generations', 90)");
    const plan = await migratePg({ database: url, to: '0000_baseline', dryRun: true });
    expect(plan.steps.flatMap((s) => s.dropsData)).toEqual([
      'drops column "changed_xid" of "forgedb"."features" and its values',
      'drops sequence "forgedb"."claim_generations" and its current value',
    ]);
    await migratePg({ database: url, to: '0000_baseline' });
    // An older forgedb, which counts in lease_state alone, goes on above every generation issued.
    expect(
      await query(
        url,
        'SELECT p.name, l.generation::int AS g FROM forgedb.lease_state l JOIN forgedb.projects p ON p.id = l.project_id ORDER BY 1',
      ),
    ).toEqual([
      { name: 'a', g: 90 },
      { name: 'b', g: 90 },
    ]);
    await migratePg({ database: url });
    expect(await next()).toBe('91');
    expect((await verifyPg({ database: url })).checks.find((c) => c.name === 'claim generations')).toEqual({
      name: 'claim generations',
      ok: true,
      problems: [],
      notes: [],
    });
  });

  it('verify notes a sequence behind a project, and fails when it is missing', async () => {
    const { url } = await freshDatabase();
    await migratePg({ database: url });
    const now = 'clock_timestamp()';
    await query(
      url,
      `WITH p AS (INSERT INTO forgedb.projects (name, graph_version, created_at, updated_at)
                  VALUES ('a', 0, ${now}, ${now}) RETURNING id)
       INSERT INTO forgedb.lease_state (project_id, generation, epoch, created_at, updated_at)
       SELECT id, 12, 'e', ${now}, ${now} FROM p`,
    );
    const behind = (await verifyPg({ database: url })).checks.find((c) => c.name === 'claim generations')!;
    expect(behind.ok).toBe(true);
    expect(behind.notes).toEqual([
      expect.stringMatching(
        /^project "a" has generations up to 12, past the sequence forgedb\.claim_generations \(at 0\).*setval\('forgedb\.claim_generations', 12\)/,
      ),
    ]);
    await query(url, 'DROP SEQUENCE forgedb.claim_generations');
    const missing = await verifyPg({ database: url });
    expect(missing.ok).toBe(false);
    expect(missing.checks.find((c) => c.name === 'claim generations')!.problems).toEqual([
      expect.stringMatching(/claim_generations is missing, so every claim fails/),
    ]);
  });

  it('puts the tables in the schema it is given, and nothing in forgedb', async () => {
    const { url } = await freshDatabase();
    await migratePg({ database: url, schema: 'team_b' });
    expect(await tablesIn(url, 'team_b')).toContain('features');
    expect(await tablesIn(url, 'forgedb')).toEqual([]);
    const fks = await query<{ def: string }>(
      url,
      "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'f' AND connamespace = 'team_b'::regnamespace",
    );
    for (const { def } of fks) expect(def).toMatch(/REFERENCES team_b\./);
    await expect(migratePg({ database: url, schema: 'Team-B' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses a database whose applied migration no longer matches its file, and changes nothing', async () => {
    const { url } = await freshDatabase();
    await migratePg({ database: url });
    const edited = loadMigrations('features', 'postgresql').map((m) => ({ ...m, hash: `${m.hash}0` }));
    await expect(migratePg({ database: url, migrations: { features: edited } })).rejects.toBeInstanceOf(
      SchemaError,
    );
    await expect(migratePg({ database: url, to: BASE, migrations: { features: edited } })).rejects.toThrow(
      /no longer match their files/,
    );
    expect(await tablesIn(url, 'forgedb')).toContain('features');
  });

  it('4 migrator processes at once: each migration is applied exactly once, and all succeed', async () => {
    const { url } = await freshDatabase();
    const startAt = String(Date.now() + 1500);
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => workers.run('pg-migrate-worker.ts', [url, startAt])),
    );
    for (const r of runs) expect(r, r.stderr).toMatchObject({ code: 0 });
    const results = runs.map((r) => JSON.parse(r.stdout) as { ran: string[]; history: number });
    expect(results.flatMap((r) => r.ran).sort()).toEqual(shippedSteps().sort());
    for (const r of results) expect(r.history).toBe(shippedSteps().length);
    const rows = await query<{ kind: string; tag: string; n: number }>(
      url,
      'SELECT kind, tag, count(*)::int AS n FROM forgedb.__forgedb_migrations GROUP BY kind, tag ORDER BY kind, tag',
    );
    expect(rows.map((r) => r.n)).toEqual(shippedSteps().map(() => 1));
  });
});
