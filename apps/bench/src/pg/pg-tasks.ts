import { openStore, type Store } from '@forgedb/store';
import { createPrng, randomInt } from '@forgedb/test-utils';
import pg from 'pg';
import { claimWindow } from '../claim-window.js';
import { pair, type LatencyPair } from '../latency-pair.js';
import type { Task, Variant } from '../tasks.js';
import { RawPgQueue } from './raw-pg-queue.js';

/** One agent's store needs one connection at a time; a small pool keeps 8 processes far below max_connections. */
const POOL = { max: 2 };

function openPgStore(url: string, project: string): Promise<Store> {
  return openStore({ url, project, pool: POOL });
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'forgedb-bench-raw' });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/**
 * get, claim + release and ready on two identical projects of one database: forgedb's store on
 * one, raw `pg` statements on the other. `ready` is timed unchanged since the last call and
 * right after another connection (a plain one, knowing nothing of forgedb) changed a status.
 */
async function pgQueueLatency({
  url,
  forgeProject,
  rawProject,
  samples,
  readySamples,
  seed,
  count,
}: {
  url: string;
  forgeProject: string;
  rawProject: string;
  samples: number;
  readySamples: number;
  seed: number;
  /** Features in each project, ids 1..count. */
  count: number;
}) {
  const store = await openPgStore(url, forgeProject);
  const rawClient = await connect(url);
  const raw = await RawPgQueue.open(rawClient, rawProject);
  const other = await connect(url);
  const next = createPrng(seed);
  const ids = Array.from({ length: samples + 50 }, () => randomInt(next, 1, count));

  const out: Record<string, LatencyPair> = {};
  out.readyWarm = await pair(
    readySamples,
    () => store.features.ready({ limit: 10 }),
    () => raw.ready(10),
  );
  // The other agent's status change, on each side's own project, by feature id, stamped with its
  // transaction as every forgedb write is (docs/decisions/0016-pg-status-delta.md).
  const pending = (await raw.ready(200)).ids;
  const toggle = `UPDATE forgedb.features f SET needs_human_input = NOT f.needs_human_input,
                         changed_xid = pg_current_xact_id()
                    FROM forgedb.projects p WHERE p.id = f.project_id AND p.name = $1 AND f.id = $2`;
  out.readyAfterWrite = await pair(
    readySamples,
    () => store.features.ready({ limit: 10 }),
    () => raw.ready(10),
    async (i) => {
      await other.query(toggle, [forgeProject, pending[i % pending.length]]);
      await other.query(toggle, [rawProject, pending[i % pending.length]]);
    },
  );
  out.get = await pair(
    samples,
    (i) => store.features.get(ids[i]!),
    (i) => raw.get(ids[i]!),
  );
  const claimable = (await raw.ready(100)).ids;
  out.claimRelease = await pair(
    samples,
    async (i) => {
      const { lease } = await store.features.claim(claimable[i % claimable.length]!, { agent: 'bench' });
      await store.features.release(lease);
    },
    async (i) => {
      const id = claimable[i % claimable.length]!;
      const generation = await raw.claim(id, 'bench', 300);
      if (generation === undefined || !(await raw.release(id, generation)))
        throw new Error(`raw claim + release of ${id} failed`);
    },
  );
  await store.close();
  await Promise.all([rawClient.end(), other.end()]);
  return out;
}

/** One agent of a multi-process run on PostgreSQL: claimNext then markPassing, for `durationMs` from the common start. */
async function pgClaimLoop({
  variant,
  url,
  project,
  agent,
  durationMs,
}: {
  variant: Variant;
  url: string;
  project: string;
  agent: string;
  durationMs: number;
}) {
  if (variant === 'forgedb') {
    const store = await openPgStore(url, project);
    // Loads the ranking outside the window, as the raw side's connection is made outside it.
    await store.features.ready({ limit: 1 });
    const result = await claimWindow(durationMs, async () => {
      const claimed = await store.features.claimNext({ agent });
      if (!claimed) return 'empty';
      await store.features.markPassing(claimed.feature.id, { lease: claimed.lease });
      return 'done';
    });
    await store.close();
    return result;
  }
  const client = await connect(url);
  const raw = await RawPgQueue.open(client, project);
  const result = await claimWindow(durationMs, async () => {
    const claimed = await raw.claimNext(agent, 300);
    if (!claimed) return 'empty';
    if (!(await raw.markPassing(claimed.id, claimed.generation)))
      throw new Error(`raw markPassing lost feature ${claimed.id}`);
    return 'done';
  });
  await client.end();
  return result;
}

/** Counts after a multi-process run: every completed claim must show up as exactly one passing feature. */
async function pgPassingCount({ url, project }: { url: string; project: string }) {
  const client = await connect(url);
  try {
    return await (await RawPgQueue.open(client, project)).counts();
  } finally {
    await client.end();
  }
}

export const pgTasks: Record<string, Task> = {
  pgQueueLatency,
  pgClaimLoop,
  pgPassingCount,
};
