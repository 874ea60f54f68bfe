import { readDependencyEntries } from '@forgedb/schema';
import type { FeatureStatements } from './feature-statements.js';
import { schedulingOrder, schedulingScores, type ScoreInput } from '../features/scheduling-score.js';

/** The part of a feature that queue decisions (ready, blocked, graph, claimNext) depend on. */
export interface QueueRow {
  id: number;
  priority: number;
  dependencies: number[];
  passes: boolean;
  inProgress: boolean;
  needsHumanInput: boolean;
  leaseExpiresAt: string | null;
  /** The stored dependency text, to tell whether a write changed the graph. */
  dependenciesText: string | null;
}

/** A row as a guarded UPDATE ... RETURNING gives it back. */
export interface WrittenRow {
  id: number;
  priority: number;
  dependencies: string | null;
  passes: number | null;
  in_progress: number | null;
  needs_human_input: number | null;
  lease_expires_at: string | null;
}

export interface QueueSnapshot {
  /** In id order. */
  rows: QueueRow[];
  byId: Map<number, QueueRow>;
  /** Every row in ready order (score desc, priority, id), whatever its status. */
  ranked: QueueRow[];
  passing: Set<number>;
}

type RawQueueRow = [
  number,
  number,
  string | null,
  number | null,
  number | null,
  number | null,
  string | null,
];

/** What the scores depend on: ids, priorities and dependency lists, not claim or pass status. */
interface Graph {
  ids: number[];
  priorities: number[];
  texts: (string | null)[];
  lists: number[][];
  /** Per row: its dependency list names an id beyond the safe integer range, so it is left out. */
  outOfQueue: boolean[];
  /** Positions of the rows in the queue, in ready order. */
  order: Int32Array;
}

function sameGraph(graph: Graph | null, raws: RawQueueRow[]): boolean {
  if (!graph || graph.ids.length !== raws.length) return false;
  for (let i = 0; i < raws.length; i++) {
    const r = raws[i]!;
    if (graph.ids[i] !== r[0] || graph.priorities[i] !== r[1] || graph.texts[i] !== r[2]) return false;
  }
  return true;
}

/**
 * Ready ordering needs the whole dependency graph. The snapshot is cached per connection and
 * reused while nothing has changed: `PRAGMA data_version` moves when another connection commits,
 * `total_changes()` when this one writes; both are read inside the caller's transaction, so a
 * cached snapshot is never older than what that transaction can see. When only statuses changed
 * (claims, passes: the common case), the scores and the ranking are reused too.
 *
 * Rows whose id, or one of whose dependency ids, lies beyond JavaScript's safe integer range are
 * left out of the queue (the SQL leaves out the ids; the dependency lists are checked here): a
 * rounded id could name another feature (docs/store.md, "Feature ids too large for JavaScript").
 */
export function queueSnapshotCache(statements: FeatureStatements) {
  let cached: { key: string; snapshot: QueueSnapshot } | null = null;
  let graph: Graph | null = null;

  const buildGraph = (raws: RawQueueRow[]): Graph => {
    const previous = new Map<number, { text: string | null; list: number[]; out: boolean }>();
    graph?.ids.forEach((id, i) =>
      previous.set(id, { text: graph!.texts[i]!, list: graph!.lists[i]!, out: graph!.outOfQueue[i]! }),
    );
    const n = raws.length;
    const ids = new Array<number>(n);
    const priorities = new Array<number>(n);
    const texts = new Array<string | null>(n);
    const lists = new Array<number[]>(n);
    const outOfQueue = new Array<boolean>(n);
    const inputs: ScoreInput[] = [];
    const positions: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = raws[i]!;
      ids[i] = r[0];
      priorities[i] = r[1];
      texts[i] = r[2];
      const before = previous.get(r[0]);
      if (before && before.text === r[2]) {
        lists[i] = before.list;
        outOfQueue[i] = before.out;
      } else {
        const entries = readDependencyEntries(r[2]);
        lists[i] = entries.ids;
        outOfQueue[i] = entries.outOfRange.length > 0;
      }
      if (outOfQueue[i]) continue;
      inputs.push({ id: r[0], priority: r[1], dependencies: lists[i]! });
      positions.push(i);
    }
    const order = schedulingOrder(inputs, schedulingScores(inputs));
    for (let k = 0; k < order.length; k++) order[k] = positions[order[k]!]!;
    return { ids, priorities, texts, lists, outOfQueue, order };
  };

  const load = (): QueueSnapshot => {
    const raws = statements.queueRows.all() as RawQueueRow[];
    if (!sameGraph(graph, raws)) graph = buildGraph(raws);
    const g = graph!;
    const rows: QueueRow[] = [];
    const byId = new Map<number, QueueRow>();
    const passing = new Set<number>();
    const at = new Array<QueueRow | undefined>(raws.length);
    for (let i = 0; i < raws.length; i++) {
      const r = raws[i]!;
      if (g.outOfQueue[i]) {
        // Its own id is exact, so features depending on it still see whether it passes.
        if (r[3]) passing.add(r[0]);
        continue;
      }
      const row: QueueRow = {
        id: r[0],
        priority: r[1],
        dependencies: g.lists[i]!,
        passes: !!r[3],
        inProgress: !!r[4],
        needsHumanInput: !!r[5],
        leaseExpiresAt: r[6],
        dependenciesText: r[2],
      };
      rows.push(row);
      byId.set(row.id, row);
      at[i] = row;
      if (row.passes) passing.add(row.id);
    }
    const ranked = new Array<QueueRow>(g.order.length);
    for (let k = 0; k < ranked.length; k++) ranked[k] = at[g.order[k]!]!;
    return { rows, byId, ranked, passing };
  };

  const versions = () => (statements.versions.get() as [number, number]).map(String) as [string, string];

  return {
    /** Forget everything, e.g. after a transaction rolled back a change already folded in. */
    reset(): void {
      cached = null;
    },

    get(): QueueSnapshot {
      const key = versions().join(':');
      if (cached?.key !== key) cached = { key, snapshot: load() };
      return cached.snapshot;
    },

    /**
     * Folds this connection's own single-row status change into the cached snapshot, so an agent
     * that claims and finishes features in a loop does not re-read the backlog after each write.
     * Call inside the write transaction, right after a single-row write. Unless the cache was
     * current just before that write (no other change since, by anyone), or the write touched the
     * graph (priority, dependencies), the cache is dropped instead. `rowsChanged` counts every row
     * the write changed (a claim also records its generation in the lease state).
     */
    noteOwnWrite(written: WrittenRow, rowsChanged = 1): void {
      if (!cached) return;
      const [dataVersion, changes] = versions();
      const row = cached.snapshot.byId.get(written.id);
      if (
        cached.key !== `${dataVersion}:${Number(changes) - rowsChanged}` ||
        !row ||
        row.priority !== written.priority ||
        row.dependenciesText !== written.dependencies
      ) {
        cached = null;
        return;
      }
      row.passes = !!written.passes;
      row.inProgress = !!written.in_progress;
      row.needsHumanInput = !!written.needs_human_input;
      row.leaseExpiresAt = written.lease_expires_at;
      if (row.passes) cached.snapshot.passing.add(row.id);
      else cached.snapshot.passing.delete(row.id);
      cached.key = `${dataVersion}:${changes}`;
    },
  };
}
