import type { PgClient } from '@forgedb/db-core/pg';
import { readDependencyEntries } from '@forgedb/schema';
import type { QueueRow, QueueSnapshot } from '../features/queue-views.js';
import { schedulingOrder, schedulingScores, type ScoreInput } from '../features/scheduling-score.js';
import { sqlaText, type PgContext } from './pg-context.js';
import { parsePgSnapshot, seesAllOf, type PgSnapshot } from './pg-snapshot.js';

/**
 * A project's queue as one statement saw it: the ranking of its graph version and every row's
 * status, in arrays over the rows' positions (id order), so a walk in ready order allocates
 * nothing per row.
 */
export interface QueueState {
  version: string;
  /** The snapshot of the statement the state was last brought up to. */
  snapshot: PgSnapshot;
  /** Every row, in id order. */
  ids: number[];
  indexOf: Map<number, number>;
  priorities: number[];
  /** Per row: its dependency ids; null for a row left out of the queue (its list names an id beyond 2^53, as on SQLite). */
  dependencies: (number[] | null)[];
  /**
   * The positions of the dependencies of row i are `dependencyAt[dependencyStart[i]]` up to
   * `dependencyAt[dependencyStart[i + 1]]`, -1 for an id no row has (never satisfied): flat, so
   * the walk over 10k rows stays in two typed arrays.
   */
  dependencyStart: Int32Array;
  dependencyAt: Int32Array;
  /** Positions of the queued rows in ready order (score desc, priority, id). */
  order: Int32Array;
  passes: Uint8Array;
  inProgress: Uint8Array;
  needsHumanInput: Uint8Array;
  leaseExpiresAt: (string | null)[];
}

interface StatusRow {
  v: string | null;
  snap: string;
  id: string | null;
  passes: boolean;
  in_progress: boolean;
  needs_human_input: boolean;
  lease_expires_at: string | null;
}

interface FullRow extends StatusRow {
  priority: string;
  dependencies: string | null;
}

/**
 * Per process, keyed by (database, schema, project): the queue and the snapshot it was read
 * under. Every forgedb write of a row's queue columns stamps it with its transaction id
 * (`changed_xid`), so a refresh reads only the rows written by a transaction the previous
 * snapshot did not see, committed since or in flight then; a graph change bumps graph_version,
 * and a new version means a full read (docs/decisions/0016-pg-status-delta.md, 0011). A few
 * projects are kept, for several stores in one process.
 */
const cache = new Map<string, QueueState>();
const CACHE_ENTRIES = 8;

/**
 * Refreshes of one key run one at a time: each statement then starts after the previous one's
 * snapshot was taken, so it sees all that one saw, and each caller reads the state its own
 * statement brought it to before another refresh moves it.
 */
const queues = new Map<string, Promise<void>>();

function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(fn);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

const STATUS_COLUMNS = `f.id, f.passes, f.in_progress, f.needs_human_input, ${sqlaText('f.lease_expires_at')} AS lease_expires_at`;

/** The version and the snapshot in the rows' own statement: one row even for an empty project. */
const header = (ctx: PgContext) =>
  `SELECT (SELECT graph_version FROM ${ctx.t.projects} WHERE id = $1) AS v, pg_current_snapshot()::text AS snap`;

function build(rows: FullRow[]): QueueState {
  const head = rows[0]!;
  const present = rows.filter((r) => r.id !== null);
  const n = present.length;
  const ids = new Array<number>(n);
  const priorities = new Array<number>(n);
  const dependencies = new Array<number[] | null>(n);
  const indexOf = new Map<number, number>();
  const passes = new Uint8Array(n);
  const inProgress = new Uint8Array(n);
  const needsHumanInput = new Uint8Array(n);
  const leaseExpiresAt = new Array<string | null>(n);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = present[i]!;
    ids[i] = Number(r.id);
    indexOf.set(ids[i]!, i);
    priorities[i] = Number(r.priority);
    const entries = readDependencyEntries(r.dependencies);
    dependencies[i] = entries.outOfRange.length > 0 ? null : entries.ids;
    if (dependencies[i]) kept.push(i);
    passes[i] = r.passes ? 1 : 0;
    inProgress[i] = r.in_progress ? 1 : 0;
    needsHumanInput[i] = r.needs_human_input ? 1 : 0;
    leaseExpiresAt[i] = r.lease_expires_at;
  }
  const inputs: ScoreInput[] = kept.map((i) => ({
    id: ids[i]!,
    priority: priorities[i]!,
    dependencies: dependencies[i]!,
  }));
  const keptOrder = schedulingOrder(inputs, schedulingScores(inputs));
  const dependencyStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) dependencyStart[i + 1] = dependencyStart[i]! + (dependencies[i]?.length ?? 0);
  const dependencyAt = new Int32Array(dependencyStart[n]!);
  for (let i = 0; i < n; i++) {
    const list = dependencies[i];
    if (list)
      for (let k = 0; k < list.length; k++)
        dependencyAt[dependencyStart[i]! + k] = indexOf.get(list[k]!) ?? -1;
  }
  return {
    version: head.v ?? '0',
    snapshot: parsePgSnapshot(head.snap),
    ids,
    indexOf,
    priorities,
    dependencies,
    dependencyStart,
    dependencyAt,
    order: Int32Array.from(keptOrder, (k) => kept[k]!),
    passes,
    inProgress,
    needsHumanInput,
    leaseExpiresAt,
  };
}

/** Writes the changed rows' statuses into `state`; false, with nothing written, if one is a row it does not know. */
function apply(state: QueueState, rows: StatusRow[]): boolean {
  const at: number[] = [];
  for (const r of rows) {
    if (r.id === null) continue;
    const i = state.indexOf.get(Number(r.id));
    // A row inserted without a graph change (not by forgedb): only a full read places it.
    if (i === undefined) return false;
    at.push(i);
  }
  let k = 0;
  for (const r of rows) {
    if (r.id === null) continue;
    const i = at[k++]!;
    state.passes[i] = r.passes ? 1 : 0;
    state.inProgress[i] = r.in_progress ? 1 : 0;
    state.needsHumanInput[i] = r.needs_human_input ? 1 : 0;
    state.leaseExpiresAt[i] = r.lease_expires_at;
  }
  return true;
}

/**
 * The queue as the caller's next statement sees it: the rows changed since the cached snapshot,
 * or, after a graph change (or on a first read, or when that statement's snapshot does not see
 * all the cached one saw), every row. The statement must come before the transaction's own
 * writes: its snapshot, not the transaction's uncommitted rows, is what the state is kept at.
 */
async function refresh(ctx: PgContext, client: PgClient, key: string): Promise<QueueState> {
  const previous = cache.get(key);
  if (previous) {
    const { rows } = await client.query<StatusRow>(
      `${header(ctx)}, ${STATUS_COLUMNS}
         FROM (VALUES (1)) AS one (x) LEFT JOIN ${ctx.t.features} f
           ON f.project_id = $1 AND f.changed_xid >= pg_snapshot_xmin($2::pg_snapshot)
          AND NOT pg_visible_in_snapshot(f.changed_xid, $2::pg_snapshot)`,
      [ctx.projectId, previous.snapshot.text],
    );
    const head = rows[0]!;
    const snapshot = parsePgSnapshot(head.snap);
    if (
      (head.v ?? '0') === previous.version &&
      seesAllOf(snapshot, previous.snapshot) &&
      apply(previous, rows)
    ) {
      previous.snapshot = snapshot;
      cache.delete(key);
      cache.set(key, previous);
      return previous;
    }
  }
  const { rows } = await client.query<FullRow>(
    `${header(ctx)}, ${STATUS_COLUMNS}, f.priority, f.dependencies
       FROM (VALUES (1)) AS one (x) LEFT JOIN ${ctx.t.features} f ON f.project_id = $1
      ORDER BY f.id`,
    [ctx.projectId],
  );
  const state = build(rows);
  cache.delete(key);
  cache.set(key, state);
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return state;
}

/**
 * Brings the project's queue up to one statement of the caller's transaction and hands it to
 * `use`, synchronously, before any other refresh in this process moves it. Inside a REPEATABLE
 * READ transaction the state agrees with every later read; under READ COMMITTED (claimNext) it is
 * that statement's view, and the claim re-checks its row under its row lock.
 */
export function withQueue<T>(ctx: PgContext, client: PgClient, use: (state: QueueState) => T): Promise<T> {
  const key = `${ctx.db.target}|${ctx.schema}|${ctx.projectId}`;
  return oneAtATime(key, async () => use(await refresh(ctx, client, key)));
}

/** Every dependency of the row at `i` exists and passes. */
function dependenciesPass(state: QueueState, i: number): boolean {
  const { dependencyAt, passes } = state;
  for (let k = state.dependencyStart[i]!, end = state.dependencyStart[i + 1]!; k < end; k++) {
    const d = dependencyAt[k]!;
    if (d < 0 || passes[d] === 0) return false;
  }
  return true;
}

/** The first `limit` ready features' ids, best first, and how many are ready in all. */
export function readyIds(state: QueueState, limit: number): { ids: number[]; total: number } {
  const ids: number[] = [];
  let total = 0;
  const { order, passes, needsHumanInput, inProgress } = state;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (passes[i] !== 0 || needsHumanInput[i] !== 0 || inProgress[i] !== 0) continue;
    if (!dependenciesPass(state, i)) continue;
    total++;
    if (ids.length < limit) ids.push(state.ids[i]!);
  }
  return { ids, total };
}

/**
 * claimNext's candidates in ready order (ready, or held by a lease expired at `now`), walked
 * lazily: each call returns up to `max` more, so a claim looks no further than it needs to.
 */
export function claimCandidates(state: QueueState, now: string): (max: number) => number[] {
  let at = 0;
  return (max) => {
    const out: number[] = [];
    while (at < state.order.length && out.length < max) {
      const i = state.order[at++]!;
      if (state.passes[i] || state.needsHumanInput[i]) continue;
      if (state.inProgress[i]) {
        const lease = state.leaseExpiresAt[i];
        if (lease === null || lease === undefined || lease > now) continue;
      }
      if (dependenciesPass(state, i)) out.push(state.ids[i]!);
    }
    return out;
  };
}

/** The whole queue as rows (blocked, graph): every queued row in id order and in ready order. */
export function queueSnapshotOf(state: QueueState): QueueSnapshot {
  const rows: QueueRow[] = [];
  const at: (QueueRow | undefined)[] = new Array<QueueRow | undefined>(state.ids.length);
  const passing = new Set<number>();
  for (let i = 0; i < state.ids.length; i++) {
    if (state.passes[i]) passing.add(state.ids[i]!);
    const dependencies = state.dependencies[i];
    if (!dependencies) continue;
    const row: QueueRow = {
      id: state.ids[i]!,
      priority: state.priorities[i]!,
      dependencies,
      passes: state.passes[i] === 1,
      inProgress: state.inProgress[i] === 1,
      needsHumanInput: state.needsHumanInput[i] === 1,
      leaseExpiresAt: state.leaseExpiresAt[i]!,
    };
    rows.push(row);
    at[i] = row;
  }
  return { rows, ranked: Array.from(state.order, (i) => at[i]!), passing };
}
