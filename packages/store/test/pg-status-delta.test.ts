import { pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import { readDependencyEntries } from '@forgedb/schema';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease, Store } from '../src/api.js';
import { manualClock } from '../src/clock.js';
import {
  blockedRows,
  graphStatus,
  readyRows,
  type QueueRow,
  type QueueSnapshot,
} from '../src/features/queue-views.js';
import { schedulingOrder, schedulingScores } from '../src/features/scheduling-score.js';
import { openStore } from '../src/open-store.js';
import { migratedDatabase, newProject } from './pg-database.js';
import { seededRandom } from '@forgedb/test-utils';
import { queueViews } from './queue-views.js';

const item = (name: string) => ({ category: 'c', name, description: 'd', steps: ['s'] });

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  return client;
}

const views = (store: Store) => queueViews(store, { ready: 20, blocked: 100 });

/** The same views computed from every committed row, read now by a client of its own: no cache at all. */
async function freshViews(client: pg.Client, project: string) {
  const { rows } = await client.query<{
    id: string;
    priority: string;
    dependencies: string | null;
    passes: boolean;
    in_progress: boolean;
    needs_human_input: boolean;
  }>(
    `SELECT f.id, f.priority, f.dependencies, f.passes, f.in_progress, f.needs_human_input
       FROM forgedb.features f JOIN forgedb.projects p ON p.id = f.project_id WHERE p.name = $1 ORDER BY f.id`,
    [project],
  );
  const queue: QueueRow[] = rows.map((r) => ({
    id: Number(r.id),
    priority: Number(r.priority),
    dependencies: readDependencyEntries(r.dependencies).ids,
    passes: r.passes,
    inProgress: r.in_progress,
    needsHumanInput: r.needs_human_input,
    leaseExpiresAt: null,
  }));
  const order = schedulingOrder(queue, schedulingScores(queue));
  const snapshot: QueueSnapshot = {
    rows: queue,
    ranked: Array.from(order, (i) => queue[i]!),
    passing: new Set(queue.filter((r) => r.passes).map((r) => r.id)),
  };
  const ready = readyRows(snapshot, 20);
  const blocked = blockedRows(snapshot);
  return {
    ready: ready.rows.map((r) => r.id),
    totalReady: ready.total,
    blocked: blocked.slice(0, 100).map((b) => [b.row.id, b.blockedBy]),
    totalBlocked: blocked.length,
    nodes: queue.map((r) => [r.id, r.priority, graphStatus(r, snapshot), [...r.dependencies]]),
  };
}

const made: TestDatabase[] = [];
let database: TestDatabase;

describe.skipIf(pgSkipped())(
  'the PostgreSQL queue state, refreshed by the rows changed since its snapshot',
  () => {
    beforeAll(async () => {
      database = await migratedDatabase();
      made.push(database);
    });
    afterAll(async () => {
      await Promise.all(made.map((d) => d.drop()));
    });

    it.each([1, 2, 3])(
      'equals a full computation after every write of three stores and an open transaction (seed %i)',
      async (seed) => {
        const { url } = database;
        const project = await newProject(url);
        const clock = manualClock('2026-01-01 00:00:00.000000');
        const stores = await Promise.all(
          [0, 1, 2].map(() => openStore({ url, project, clock, pool: { max: 2 } })),
        );
        const reference = await connect(url);
        const open = await connect(url);
        const rand = seededRandom(seed);
        const leases: { store: Store; lease: Lease }[] = [];
        /** The row an open transaction holds (uncommitted), and for how many more steps. */
        let holding = null as { id: number; steps: number } | null;
        try {
          await stores[0]!.features.createBulk(
            Array.from({ length: 12 }, (_, i) => ({
              ...item(`F${i + 1}`),
              depends_on_indices: i > 2 && rand.int(2) === 0 ? [rand.int(i)] : [],
            })),
          );
          let count = 12;
          const anyId = () => {
            for (;;) {
              const id = 1 + rand.int(count);
              if (id !== holding?.id) return id;
            }
          };
          const steps: (() => Promise<unknown>)[] = [
            async () => {
              const store = rand.pick(stores);
              const claimed = await store.features.claimNext({ agent: 'a', leaseSeconds: 60 });
              if (claimed) leases.push({ store, lease: claimed.lease });
            },
            async () => {
              const store = rand.pick(stores);
              const { lease } = await store.features.claim(anyId(), { agent: 'b', leaseSeconds: 60 });
              leases.push({ store, lease });
            },
            async () => {
              const held = leases.splice(rand.int(leases.length), 1)[0];
              if (held) await held.store.features.release(held.lease);
            },
            async () => {
              const held = leases.splice(rand.int(leases.length), 1)[0];
              if (held) await held.store.features.markPassing(held.lease.feature_id, { lease: held.lease });
            },
            () => rand.pick(stores).features.markPassing(anyId()),
            () => rand.pick(stores).features.markFailing(anyId()),
            async () => {
              const held = leases.splice(rand.int(leases.length), 1)[0];
              if (held)
                await held.store.features.requestHumanInput(
                  held.lease.feature_id,
                  { prompt: 'p', fields: [{ id: 'a', label: 'A' }] },
                  { lease: held.lease },
                );
            },
            () => rand.pick(stores).features.respondHumanInput(anyId(), { a: 1 }),
            () => rand.pick(stores).features.skip(anyId()),
            async () => {
              await rand.pick(stores).features.create(item(`F${count + 1}`));
              count++;
            },
            () => rand.pick(stores).features.addDependency(anyId(), anyId()),
            () => rand.pick(stores).features.removeDependency(anyId(), anyId()),
            async () => {
              const held = leases[rand.int(leases.length)];
              if (held) await held.store.features.renew(held.lease, { leaseSeconds: 120 });
            },
            async () => {
              clock.advance(45);
              await rand.pick(stores).features.reclaimStale({ olderThanSeconds: 60 });
            },
            async () => {
              // A writer's transaction left open across later steps (and refreshes), as forgedb
              // writes it: the row's queue column and changed_xid.
              if (holding) return;
              const id = anyId();
              await open.query('BEGIN');
              const { rowCount } = await open.query(
                `UPDATE forgedb.features f SET passes = NOT f.passes, changed_xid = pg_current_xact_id()
                 FROM forgedb.projects p WHERE p.id = f.project_id AND p.name = $1 AND f.id = $2
                  AND NOT f.in_progress`,
                [project, id],
              );
              if (rowCount === 0) await open.query('COMMIT');
              else holding = { id, steps: 1 + rand.int(6) };
            },
          ];
          for (let step = 0; step < 120; step++) {
            try {
              await rand.pick(steps)();
            } catch (error) {
              // Refusals (a lost lease, a cycle, a claim of a passing feature) change nothing.
              if (!(error instanceof Error) || !('code' in error)) throw error;
            }
            if (holding && --holding.steps <= 0) {
              await open.query('COMMIT');
              holding = null;
            }
            const expected = await freshViews(reference, project);
            const store = stores[step % stores.length]!;
            expect(await views(store), `seed ${seed}, step ${step}`).toEqual(expected);
          }
        } finally {
          if (holding) await open.query('ROLLBACK');
          await Promise.all([reference.end(), open.end(), ...stores.map((s) => s.close())]);
        }
      },
      60_000,
    );

    it('sees a write committed by a transaction that was in flight at its previous refresh, below a newer commit', async () => {
      const { url } = database;
      const project = await newProject(url);
      const store = await openStore({ url, project, clock: manualClock('2026-01-01 00:00:00.000000') });
      const early = await connect(url);
      const late = await connect(url);
      try {
        await store.features.createBulk([item('A'), { ...item('B'), depends_on_indices: [0] }, item('C')]);
        expect((await store.features.ready()).features.map((f) => f.id)).toEqual([1, 3]);
        const mark = (client: pg.Client, column: string, id: number) =>
          client.query(
            `UPDATE forgedb.features f SET ${column} = true, changed_xid = pg_current_xact_id()
             FROM forgedb.projects p WHERE p.id = f.project_id AND p.name = $1 AND f.id = $2`,
            [project, id],
          );
        // The early transaction takes its id first, the late one a higher one and commits first:
        // the reader's refresh in between sees the late one and has the early one in flight.
        await early.query('BEGIN');
        await mark(early, 'passes', 1);
        await late.query('BEGIN');
        await mark(late, 'needs_human_input', 3);
        await late.query('COMMIT');
        expect(await store.features.ready()).toMatchObject({ features: [{ id: 1 }], total_ready: 1 });
        await early.query('COMMIT');
        const ready = await store.features.ready();
        expect(ready.features.map((f) => f.id)).toEqual([2]);
        expect((await store.features.claimNext({ agent: 'a' }))?.feature.id).toBe(2);
      } finally {
        await Promise.all([early.end(), late.end(), store.close()]);
      }
    });
  },
);
