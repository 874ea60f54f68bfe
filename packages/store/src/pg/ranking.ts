import type { PgClient } from '@forgedb/db-core/pg';
import { readDependencyEntries } from '@forgedb/schema';
import type { QueueRow, QueueSnapshot } from '../features/queue-views.js';
import { schedulingOrder, schedulingScores, type ScoreInput } from '../features/scheduling-score.js';
import { sqlaText, type PgContext } from './pg-context.js';

/** What the scores depend on, for one graph version: ids, priorities, dependency lists, and the ready order. */
interface Ranking {
  /** In id order; rows whose list names an id beyond 2^53 are left out of the queue, as on SQLite. */
  rows: { id: number; priority: number; dependencies: number[] }[];
  /** Indices into `rows`, in ready order (score desc, priority, id). */
  order: Int32Array;
}

/**
 * The ready order is computed in the application (the Python app's rule is sequential) and kept
 * per process, keyed by (database, schema, project, graph_version): every change to the graph
 * bumps graph_version in its own transaction, so a ranking is never served for another graph
 * (docs/decisions/0011-pg-ranking.md). A few recent versions are kept, for several stores in one
 * process.
 */
const cache = new Map<string, Ranking>();
const CACHE_ENTRIES = 8;

function rank(rows: { id: string; priority: string; dependencies: string | null }[]): Ranking {
  const kept: Ranking['rows'] = [];
  for (const r of rows) {
    const entries = readDependencyEntries(r.dependencies);
    if (entries.outOfRange.length > 0) continue;
    kept.push({ id: Number(r.id), priority: Number(r.priority), dependencies: entries.ids });
  }
  const inputs: ScoreInput[] = kept;
  return { rows: kept, order: schedulingOrder(inputs, schedulingScores(inputs)) };
}

/** The ranking of `version`, loading the graph when this process has not ranked it yet. */
async function rankingOf(ctx: PgContext, client: PgClient, version: string): Promise<Ranking> {
  const key = `${ctx.db.target}|${ctx.schema}|${ctx.projectId}|${version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // The version is read again in the same statement as the graph, so the two come from one
  // snapshot even under READ COMMITTED; a graph change committed since the caller's read just
  // means this ranking belongs to the newer version.
  const { rows } = await client.query<{
    v: string;
    id: string | null;
    priority: string;
    dependencies: string | null;
  }>(
    `SELECT p.graph_version AS v, f.id, f.priority, f.dependencies
       FROM ${ctx.t.projects} p LEFT JOIN ${ctx.t.features} f ON f.project_id = p.id
      WHERE p.id = $1 ORDER BY f.id`,
    [ctx.projectId],
  );
  const loaded = rows[0]?.v ?? version;
  const ranking = rank(
    rows.filter((r) => r.id !== null) as { id: string; priority: string; dependencies: string | null }[],
  );
  cache.set(`${ctx.db.target}|${ctx.schema}|${ctx.projectId}|${loaded}`, ranking);
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return ranking;
}

interface StatusRow {
  v: string;
  id: string;
  passes: boolean;
  in_progress: boolean;
  needs_human_input: boolean;
  lease_expires_at: string | null;
}

/**
 * The queue as one statement sees it: every row's status (not the graph's columns, which the
 * ranking holds) with the graph version, then the ranking of that version. Inside a REPEATABLE
 * READ transaction every read agrees; under READ COMMITTED (claimNext) the statuses are a
 * statement's snapshot and the claim re-checks its row under its row lock.
 */
export async function queueSnapshot(ctx: PgContext, client: PgClient): Promise<QueueSnapshot> {
  const { rows: statuses } = await client.query<StatusRow>(
    `SELECT (SELECT graph_version FROM ${ctx.t.projects} WHERE id = $1) AS v, id, passes, in_progress,
            needs_human_input, ${sqlaText('lease_expires_at')} AS lease_expires_at
       FROM ${ctx.t.features} WHERE project_id = $1`,
    [ctx.projectId],
  );
  const version =
    statuses[0]?.v ??
    (
      await client.query<{ v: string }>(`SELECT graph_version AS v FROM ${ctx.t.projects} WHERE id = $1`, [
        ctx.projectId,
      ])
    ).rows[0]?.v ??
    '0';
  const ranking = await rankingOf(ctx, client, version);
  const status = new Map(statuses.map((s) => [Number(s.id), s]));
  const rows: QueueRow[] = [];
  const passing = new Set<number>();
  for (const s of statuses) if (s.passes) passing.add(Number(s.id));
  const at: (QueueRow | undefined)[] = ranking.rows.map((g) => {
    const s = status.get(g.id);
    // A feature created after the statuses were read is not in this snapshot's queue yet.
    if (!s) return undefined;
    const row: QueueRow = {
      id: g.id,
      priority: g.priority,
      dependencies: g.dependencies,
      passes: s.passes,
      inProgress: s.in_progress,
      needsHumanInput: s.needs_human_input,
      leaseExpiresAt: s.lease_expires_at,
    };
    rows.push(row);
    return row;
  });
  const ranked: QueueRow[] = [];
  for (const i of ranking.order) {
    const row = at[i];
    if (row) ranked.push(row);
  }
  return { rows, ranked, passing };
}
