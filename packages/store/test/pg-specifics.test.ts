import { ConflictError, LeaseLostError, NotFoundError, SchemaError } from '@forgedb/db-core';
import { openPool, type PgClient } from '@forgedb/db-core/pg';
import { migratePg } from '@forgedb/migrate/pg';
import { createTestDatabase, pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import type { SqlaDateTime } from '@forgedb/schema';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addSeconds, manualClock } from '../src/clock.js';
import { openStore } from '../src/open-store.js';
import { featureClaims } from '../src/pg/feature-claims.js';
import { featureQueries } from '../src/pg/feature-queries.js';
import { createPgContext, type PgContext } from '../src/pg/pg-context.js';
import { createPgProject, resolveProject } from '../src/pg/projects.js';
import { migratedDatabase, newProject } from './pg-database.js';

const made: TestDatabase[] = [];
let database: TestDatabase;

const withPassword = (url: string, password: string) => {
  const u = new URL(url);
  // The test server trusts local connections, so any password is accepted and none is needed.
  u.password = password;
  return u.toString();
};

async function sql<T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** `url` whose sessions give up on any lock they would wait for longer than `ms` (55P03, BusyError). */
const withLockTimeout = (url: string, ms: number) => {
  const u = new URL(url);
  u.searchParams.set('options', `-c lock_timeout=${ms}`);
  return u.toString();
};

/**
 * The store's own claim statements, run on `client` inside a transaction the test keeps open:
 * a claimer paused between its claim and its commit.
 */
async function claimsOn(client: PgClient, url: string, project: string) {
  const db = await openPool(url, { max: 1 });
  const projectId = await resolveProject(client, 'forgedb', project, db.target);
  const base = createPgContext({ db, schema: 'forgedb', projectId, projectName: project, clock: undefined });
  const now = (
    await client.query<{ now: SqlaDateTime }>(
      "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS now",
    )
  ).rows[0]!.now;
  const ctx: PgContext = { ...base, write: (fn) => fn(client, now) };
  return { claims: featureClaims(featureQueries(ctx)), close: () => db.close() };
}

const items = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ category: 'c', name: `F${i + 1}`, description: 'd', steps: ['s'] }));

describe.skipIf(pgSkipped())('the PostgreSQL store', () => {
  beforeAll(async () => {
    database = await migratedDatabase();
    made.push(database);
  });
  afterAll(async () => {
    await Promise.all(made.map((d) => d.drop()));
  });

  it('claimNext skips the best ready feature another session holds FOR UPDATE, at once, and takes the next', async () => {
    const project = await newProject(database.url);
    const store = await openStore({
      url: database.url,
      project,
      clock: manualClock('2026-01-01 00:00:00.000000'),
    });
    const blocker = new pg.Client({ connectionString: database.url });
    blocker.on('error', () => {});
    await blocker.connect();
    try {
      await store.features.createBulk(items(3));
      const before = await store.features.ready();
      expect(before.features.map((f) => f.id)).toEqual([1, 2, 3]);
      await blocker.query('BEGIN');
      await blocker.query(
        `SELECT f.id FROM forgedb.features f JOIN forgedb.projects p ON p.id = f.project_id
          WHERE p.name = $1 AND f.id = 1 FOR UPDATE OF f`,
        [project],
      );
      // Waiting for the blocker would hang here until it commits, which it only does afterwards.
      const claimed = await store.features.claimNext({ agent: 'a' });
      expect(claimed?.feature.id).toBe(2);
      await blocker.query('COMMIT');
      expect((await store.features.claimNext({ agent: 'b' }))?.feature.id).toBe(1);
    } finally {
      await blocker.end();
      await store.close();
    }
  });

  it('claims of different features never wait for each other: a claim not yet committed locks only its own row', async () => {
    const project = await newProject(database.url);
    const setup = await openStore({ url: database.url, project });
    await setup.features.createBulk(items(3));
    await setup.close();
    const first = new pg.Client({ connectionString: database.url });
    first.on('error', () => {});
    await first.connect();
    // Any lock wait over a second fails the second claimer (lock_timeout, BusyError), rather than
    // hanging until the first one commits.
    const second = await openStore({ url: withLockTimeout(database.url, 1000), project, pool: { max: 1 } });
    const held = await claimsOn(first, database.url, project);
    try {
      await first.query('BEGIN');
      const a = await held.claims.claimNext({ agent: 'first', seconds: 600 });
      expect(a?.feature.id).toBe(1);
      const b = await second.features.claimNext({ agent: 'second', leaseSeconds: 600 });
      expect(b?.feature.id).toBe(2);
      const c = await second.features.claim(3, { agent: 'second' });
      // The first claim is still open, and the project's lease state row is not locked by it.
      const [open] = await sql<{ state: string }>(
        database.url,
        'SELECT state FROM pg_stat_activity WHERE pid = $1',
        [(first as unknown as { processID: number }).processID],
      );
      expect(open?.state).toBe('idle in transaction');
      const probe = new pg.Client({ connectionString: database.url });
      probe.on('error', () => {});
      await probe.connect();
      try {
        await probe.query('BEGIN');
        await probe.query(
          `SELECT 1 FROM forgedb.lease_state l JOIN forgedb.projects p ON p.id = l.project_id
            WHERE p.name = $1 FOR UPDATE OF l NOWAIT`,
          [project],
        );
        await probe.query('ROLLBACK');
      } finally {
        await probe.end();
      }
      await first.query('COMMIT');
      const generations = [a!.lease.generation, b!.lease.generation, c.lease.generation];
      expect(new Set(generations).size).toBe(3);
      // Committed, the first claim's lease is in force like any other.
      expect((await second.features.markPassing(1, { lease: a!.lease })).passes).toBe(true);
    } finally {
      await first.query('ROLLBACK').catch(() => undefined);
      await first.end();
      await held.close();
      await second.close();
    }
  });

  it("a claim's generation passes the project's lease state and the row's own; a superseded holder is refused", async () => {
    const project = await newProject(database.url);
    const clock = manualClock('2026-01-01 00:00:00.000000');
    const store = await openStore({ url: database.url, project, clock });
    try {
      await store.features.createBulk(items(2));
      // What an older forgedb (which counts in the lease state) or a copy may have issued.
      await sql(
        database.url,
        `UPDATE forgedb.lease_state l SET generation = 5000000000 FROM forgedb.projects p
          WHERE p.id = l.project_id AND p.name = $1`,
        [project],
      );
      const old = (await store.features.claimNext({ agent: 'a', leaseSeconds: 60 }))!;
      expect(old.lease.generation).toBeGreaterThan(5_000_000_000);
      clock.advance(61);
      const taken = (await store.features.claimNext({ agent: 'b', leaseSeconds: 60 }))!;
      expect(taken.feature.id).toBe(old.feature.id);
      expect(taken.lease.generation).toBeGreaterThan(old.lease.generation);
      await expect(store.features.markPassing(old.feature.id, { lease: old.lease })).rejects.toBeInstanceOf(
        LeaseLostError,
      );
      await store.features.release(taken.lease);
      const again = await store.features.claim(old.feature.id, { agent: 'c' });
      expect(again.lease.generation).toBeGreaterThan(taken.lease.generation);
      await expect(store.features.release(taken.lease)).rejects.toBeInstanceOf(LeaseLostError);
      // Claims no longer count in the lease state: its row is not written by them.
      const [state] = await sql<{ generation: string }>(
        database.url,
        `SELECT l.generation::text AS generation FROM forgedb.lease_state l JOIN forgedb.projects p
            ON p.id = l.project_id WHERE p.name = $1`,
        [project],
      );
      expect(state?.generation).toBe('5000000000');
    } finally {
      await store.close();
    }
  });

  it('keeps projects apart: the same feature ids, each project its own queue, leases and schedules', async () => {
    const [a, b] = [await newProject(database.url), await newProject(database.url)];
    const sa = await openStore({ url: database.url, project: a });
    const sb = await openStore({ url: database.url, project: b });
    try {
      await sa.features.createBulk(items(2));
      await sb.features.createBulk(items(1));
      expect((await sa.features.stats()).total).toBe(2);
      expect((await sb.features.stats()).total).toBe(1);
      const claim = await sa.features.claimNext({ agent: 'x' });
      expect(claim?.feature.id).toBe(1);
      expect((await sb.features.get(1)).in_progress).toBe(false);
      await sb.schedules.create({ project_name: b, start_time: '09:00', duration_minutes: 60 });
      expect(await sa.schedules.list()).toEqual([]);
      await expect(sb.features.get(2)).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await sa.close();
      await sb.close();
    }
  });

  it('refuses an unknown project, naming the ones that exist and how to create one, and creates nothing', async () => {
    const known = await newProject(database.url, 'known_project');
    const count = async () =>
      (await sql<{ n: string }>(database.url, 'SELECT count(*) AS n FROM forgedb.projects'))[0]!.n;
    const before = await count();
    const attempt = openStore({ url: database.url, project: 'knwon_project' });
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toMatchObject({ reason: 'project' });
    await expect(attempt).rejects.toThrow(new RegExp(`"${known}"`));
    await expect(attempt).rejects.toThrow(/forgedb copy .*forgedb import-json/s);
    expect(await count()).toBe(before);
  });

  it('refuses a database whose schema is behind, naming forgedb migrate --database-url, never the password, and changes nothing', async () => {
    const empty = await createTestDatabase({ prefix: 'forgedb_store_empty' });
    made.push(empty);
    const url = withPassword(empty.url, 'hunter2-secret');
    const fresh = openStore({ url, project: 'p' });
    await expect(fresh).rejects.toBeInstanceOf(SchemaError);
    await expect(fresh).rejects.toThrow(/forgedb migrate --database-url postgres:\/\/postgres:\*\*\*@/);
    await expect(fresh).rejects.not.toThrow(/hunter2/);
    expect(await sql(empty.url, "SELECT 1 FROM pg_namespace WHERE nspname = 'forgedb'")).toEqual([]);

    // Only the features stream: the assistant stream's migrations are pending.
    await migratePg({ database: empty.url, migrations: { assistant: [] } });
    const tables = await sql(
      empty.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'forgedb'",
    );
    const behind = openStore({ url, project: 'p' });
    await expect(behind).rejects.toBeInstanceOf(SchemaError);
    await expect(behind).rejects.toThrow(/behind this version of forgedb \(pending: assistant\//);
    await expect(behind).rejects.toThrow(/forgedb migrate --database-url/);
    await expect(behind).rejects.not.toThrow(/hunter2/);
    expect(
      await sql(empty.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'forgedb'"),
    ).toEqual(tables);
  });

  it('serves a project in a schema of its own, and a database migrated elsewhere is not current for the default one', async () => {
    const own = await createTestDatabase({ prefix: 'forgedb_store_schema' });
    made.push(own);
    await migratePg({ database: own.url, schema: 'team_a' });
    const pool = await openPool(own.url, { max: 1 });
    try {
      await createPgProject(pool, 'team_a', 'app');
    } finally {
      await pool.close();
    }
    const store = await openStore({ url: own.url, project: 'app', schema: 'team_a' });
    try {
      await store.features.createBulk(items(2));
      expect((await store.features.claimNext({ agent: 'a' }))?.feature.id).toBe(1);
      expect(await sql(own.url, 'SELECT count(*)::int AS n FROM team_a.features WHERE in_progress')).toEqual([
        { n: 1 },
      ]);
    } finally {
      await store.close();
    }
    await expect(openStore({ url: own.url, project: 'app' })).rejects.toBeInstanceOf(SchemaError);
  });

  it('an unreachable server is an error naming host and port, never the password', async () => {
    const attempt = openStore({
      url: 'postgres://agent:hunter2-secret@127.0.0.1:1/forge',
      project: 'p',
      pool: { max: 1 },
    });
    await expect(attempt).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(attempt).rejects.toThrow(/127\.0\.0\.1:1/);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });

  it('after the server drops its connections, the store carries on with new ones', async () => {
    const project = await newProject(database.url);
    const store = await openStore({ url: database.url, project, pool: { max: 2 } });
    try {
      await store.features.create(items(1)[0]!);
      const killed = await sql(
        database.url,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'forgedb'`,
      );
      expect(killed.length).toBeGreaterThan(0);
      // A call that met a connection in the instant it died fails as unavailable, never otherwise.
      const first = await store.features.get(1).catch((e: unknown) => e);
      if (first instanceof Error) expect(first).toMatchObject({ code: 'UNAVAILABLE' });
      expect((await store.features.get(1)).id).toBe(1);
      expect((await store.features.claimNext({ agent: 'a' }))?.feature.id).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('bumps graph_version with every graph change, in its transaction, and not for status changes', async () => {
    const project = await newProject(database.url);
    const store = await openStore({ url: database.url, project });
    const version = async () =>
      Number(
        (
          await sql<{ v: string }>(
            database.url,
            'SELECT graph_version AS v FROM forgedb.projects WHERE name = $1',
            [project],
          )
        )[0]!.v,
      );
    try {
      const v0 = await version();
      await store.features.createBulk(items(3));
      const v1 = await version();
      expect(v1).toBeGreaterThan(v0);
      const claim = await store.features.claimNext({ agent: 'a' });
      await store.features.markPassing(claim!.feature.id, { lease: claim!.lease });
      expect(await version()).toBe(v1);
      await store.features.addDependency(3, 2);
      const v2 = await version();
      expect(v2).toBeGreaterThan(v1);
      await store.features.skip(2);
      expect(await version()).toBeGreaterThan(v2);
      // A refused change rolls its bump back with it.
      const v3 = await version();
      await expect(store.features.addDependency(2, 3)).rejects.toThrow();
      expect(await version()).toBe(v3);
      expect((await store.features.ready()).features.map((f) => f.id)).toEqual([2]);
    } finally {
      await store.close();
    }
  });

  it('keeps SQLAlchemy DATETIME text with microseconds through timestamptz, so a lease matches its claim exactly', async () => {
    const project = await newProject(database.url);
    const store = await openStore({ url: database.url, project });
    try {
      await store.features.create(items(1)[0]!);
      const { lease } = await store.features.claim(1, { leaseSeconds: 300 });
      expect(lease.claimed_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
      const [row] = await sql<{ at: string }>(
        database.url,
        `SELECT to_char(f.claimed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS at
           FROM forgedb.features f JOIN forgedb.projects p ON p.id = f.project_id WHERE p.name = $1`,
        [project],
      );
      expect(row!.at).toBe(lease.claimed_at);
      expect((await store.features.markPassing(1, { lease })).passes).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('the default clock is the server’s', async () => {
    const project = await newProject(database.url);
    const store = await openStore({ url: database.url, project });
    try {
      await store.features.create(items(1)[0]!);
      const [{ before } = { before: '' }] = await sql<{ before: string }>(
        database.url,
        "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS before",
      );
      const { lease } = await store.features.claim(1, { leaseSeconds: 300 });
      const [{ after } = { after: '' }] = await sql<{ after: string }>(
        database.url,
        "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS after",
      );
      expect(lease.claimed_at >= before && lease.claimed_at <= after).toBe(true);
      // One reading for the whole statement: the lease ends exactly its seconds after the claim.
      expect(lease.lease_expires_at).toBe(addSeconds(lease.claimed_at, 300));
      const renewed = await store.features.renew(lease, { leaseSeconds: 60 });
      expect(renewed.lease_expires_at! > lease.claimed_at).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('claim, claimAndGet, renew, release and the holder writes are one round trip each when they succeed, on either clock', async () => {
    for (const clock of [undefined, manualClock('2026-01-01 00:00:00.000000')]) {
      const project = await newProject(database.url);
      const store = await openStore({ url: database.url, project, clock });
      // Every query a pooled connection sends (pool.query goes through it too) is one round trip.
      const queries = vi.spyOn(pg.Client.prototype, 'query');
      const sent = async <T>(call: () => Promise<T>): Promise<[T, number]> => {
        queries.mockClear();
        const value = await call();
        return [value, queries.mock.calls.length];
      };
      try {
        await store.features.createBulk(items(3));
        const [claimed, claimTrips] = await sent(() => store.features.claim(1, { agent: "o'brien \\ é" }));
        expect(claimTrips).toBe(1);
        expect(claimed.lease.agent).toBe("o'brien \\ é");
        const [renewed, renewTrips] = await sent(() =>
          store.features.renew(claimed.lease, { leaseSeconds: 900 }),
        );
        expect(renewTrips).toBe(1);
        const [released, releaseTrips] = await sent(() => store.features.release(renewed));
        expect([released.in_progress, releaseTrips]).toEqual([false, 1]);
        const [second, getTrips] = await sent(() => store.features.claimAndGet(2, { agent: 'b' }));
        expect([second.already_claimed, getTrips]).toEqual([false, 1]);
        const [passed, passTrips] = await sent(() => store.features.markPassing(2, { lease: second.lease! }));
        expect([passed.passes, passTrips]).toEqual([true, 1]);
        const [failed, failTrips] = await sent(async () => {
          const { lease } = await store.features.claim(3, { agent: 'c' });
          return store.features.markFailing(3, { lease });
        });
        expect([failed.in_progress, failTrips]).toEqual([false, 2]);
        // A refused call takes what it needs to say why, and writes nothing.
        await expect(store.features.claim(2, { agent: 'd' })).rejects.toThrow(
          new ConflictError('already_passing', 'Feature 2 is already passing.'),
        );
        await expect(store.features.release(renewed)).rejects.toBeInstanceOf(LeaseLostError);
        await expect(store.features.renew(renewed, { leaseSeconds: 60 })).rejects.toBeInstanceOf(
          LeaseLostError,
        );
      } finally {
        queries.mockRestore();
        await store.close();
      }
    }
  });

  it('refuses every claim with a SchemaError when the project has no lease state row, changing nothing', async () => {
    const project = await newProject(database.url);
    const store = await openStore({
      url: database.url,
      project,
      clock: manualClock('2026-01-01 00:00:00.000000'),
    });
    try {
      await store.features.createBulk(items(2));
      await sql(
        database.url,
        'DELETE FROM forgedb.lease_state WHERE project_id = (SELECT id FROM forgedb.projects WHERE name = $1)',
        [project],
      );
      await expect(store.features.claim(1, { agent: 'a' })).rejects.toBeInstanceOf(SchemaError);
      await expect(store.features.claimAndGet(1, { agent: 'a' })).rejects.toThrow('no lease state row');
      await expect(store.features.claimNext({ agent: 'a' })).rejects.toBeInstanceOf(SchemaError);
      expect((await store.features.stats()).in_progress).toBe(0);
      expect((await store.features.get(1)).in_progress).toBe(false);
    } finally {
      await store.close();
    }
  });
});
