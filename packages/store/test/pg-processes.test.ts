import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/open-store.js';
import { migratedDatabase, newProject } from './pg-database.js';

const WORKER = path.resolve(import.meta.dirname, 'workers/pg-agent.ts');

interface Agent {
  child: ChildProcess;
  out: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function agent(args: string[]): Agent {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr: err })),
  );
  return { child, out: () => out, exit };
}

async function finished(a: Agent): Promise<string> {
  const { code, stderr } = await a.exit;
  if (code !== 0) throw new Error(`agent exited ${code}: ${stderr}`);
  return a.out();
}

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

const items = (n: number, dependEvery = 0) =>
  Array.from({ length: n }, (_, i) => ({
    category: 'c',
    name: `F${i + 1}`,
    description: 'd',
    steps: ['s'],
    ...(dependEvery > 0 && i % dependEvery === dependEvery - 1 ? { depends_on_indices: [i - 1] } : {}),
  }));

let database: TestDatabase;

describe.skipIf(pgSkipped())('real processes on one PostgreSQL project', () => {
  beforeAll(async () => {
    database = await migratedDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('8 agents racing claimNext until the queue is empty claim each feature exactly once', async () => {
    const project = await newProject(database.url);
    const store = await openStore({ url: database.url, project });
    // Every fourth feature depends on the one before it, so claims interleave with unblocking.
    await store.features.createBulk(items(120, 4));
    await store.close();

    const startAt = String(Date.now() + 3000);
    const outputs = await Promise.all(
      Array.from({ length: 8 }, () => finished(agent(['drain', database.url, project, startAt]))),
    );
    const done = outputs.flatMap((o) => JSON.parse(o) as number[]);
    expect(done).toHaveLength(120);
    expect(new Set(done).size).toBe(120);

    const after = await openStore({ url: database.url, project });
    expect(await after.features.stats()).toMatchObject({ total: 120, passing: 120, in_progress: 0 });
    await after.close();
  });

  it('SIGKILL of claimers mid-transaction leaves no half-claimed feature, and the rest can still be claimed', async () => {
    const project = await newProject(database.url);
    const store = await openStore({ url: database.url, project });
    await store.features.createBulk(items(400));
    const claimers = Array.from({ length: 4 }, () => agent(['claim-loop', database.url, project]));
    // Each is killed at a different moment of its loop of claims, which is almost all transaction.
    await Promise.all(
      claimers.map(async (a, i) => {
        while (!a.out().includes('claimed ')) {
          if (a.child.exitCode !== null) throw new Error(`claimer exited early: ${(await a.exit).stderr}`);
          await new Promise((r) => setTimeout(r, 10));
        }
        await new Promise((r) => setTimeout(r, 50 + 60 * i));
        a.child.kill('SIGKILL');
        expect((await a.exit).signal).toBe('SIGKILL');
      }),
    );
    const printed = claimers.flatMap((a) => [...a.out().matchAll(/claimed (\d+)/g)].map((m) => Number(m[1])));
    expect(new Set(printed).size).toBe(printed.length);

    const rows = await sql<{
      id: string;
      in_progress: boolean;
      claimed_by: string | null;
      claimed_at: string | null;
      lease_expires_at: string | null;
      claim_generation: string;
    }>(
      database.url,
      `SELECT f.id, f.in_progress, f.claimed_by, f.claimed_at::text, f.lease_expires_at::text, f.claim_generation
         FROM forgedb.features f JOIN forgedb.projects p ON p.id = f.project_id WHERE p.name = $1`,
      [project],
    );
    // The highest generation issued: claims take theirs from the sequence (decision 0015), above
    // the project's lease state.
    const [state] = await sql<{ generation: string }>(
      database.url,
      `SELECT GREATEST(l.generation, (SELECT last_value FROM forgedb.claim_generations)) AS generation
         FROM forgedb.lease_state l JOIN forgedb.projects p ON p.id = l.project_id WHERE p.name = $1`,
      [project],
    );
    const claimed = rows.filter((r) => r.in_progress);
    for (const r of claimed) {
      // A whole claim: holder, time, expiry, and a generation that was issued.
      expect(r.claimed_by).toMatch(/^agent-\d+$/);
      expect(r.claimed_at).not.toBeNull();
      expect(r.lease_expires_at).not.toBeNull();
      expect(Number(r.claim_generation)).toBeLessThanOrEqual(Number(state!.generation));
    }
    for (const r of rows.filter((x) => !x.in_progress)) {
      expect([r.claimed_by, r.claimed_at, r.lease_expires_at]).toEqual([null, null, null]);
    }
    // Every printed claim committed; at most one more per claimer committed before its print.
    const claimedIds = new Set(claimed.map((r) => Number(r.id)));
    for (const id of printed) expect(claimedIds.has(id)).toBe(true);
    expect(claimed.length).toBeLessThanOrEqual(printed.length + claimers.length);

    // The killed sessions' row locks went with them: the rest of the queue is claimable at once.
    const next = await store.features.claimNext({ agent: 'survivor' });
    expect(next).not.toBeNull();
    expect(claimedIds.has(next!.feature.id)).toBe(false);
    expect((await store.features.stats()).in_progress).toBe(claimed.length + 1);
    await store.close();
  });

  it('a lease expires, another process takes the feature over, and the first holder is refused', async () => {
    const project = await newProject(database.url);
    const store = await openStore({ url: database.url, project });
    await store.features.createBulk(items(1));
    await store.close();
    const t0 = '2026-01-01 00:00:00.000000';

    const first = JSON.parse(await finished(agent(['claim-next', database.url, project, t0]))) as {
      feature: number;
      lease: { generation: number };
    };
    expect(first.feature).toBe(1);
    // Before expiry nobody else gets it.
    expect(
      JSON.parse(await finished(agent(['claim-next', database.url, project, '2026-01-01 00:00:30.000000']))),
    ).toBeNull();
    // After expiry (60 s) another process takes it over with a newer generation.
    const second = JSON.parse(
      await finished(agent(['claim-next', database.url, project, '2026-01-01 00:02:00.000000'])),
    ) as { feature: number; lease: { generation: number; agent: string } };
    expect(second.feature).toBe(1);
    expect(second.lease.generation).toBeGreaterThan(first.lease.generation);

    const stale: unknown = JSON.parse(
      await finished(
        agent(['mark', database.url, project, '2026-01-01 00:02:01.000000', JSON.stringify(first.lease)]),
      ),
    );
    expect(stale).toEqual({ code: 'CONFLICT', name: 'LeaseLostError' });
    const fresh: unknown = JSON.parse(
      await finished(
        agent(['mark', database.url, project, '2026-01-01 00:02:02.000000', JSON.stringify(second.lease)]),
      ),
    );
    expect(fresh).toEqual({ passes: true });
  });
});
