import { readDependencyEntries } from '@forgedb/schema';
import { mergeRows, type FeedPosition, type QueueSource, type RawQueueRow } from './queue-source.js';
import { rankPositions, scoreFromParts, scorePartsOf } from './scheduling-score.js';

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

/** How the snapshot kept up, for tests and the bench: each refresh is one of the first two. */
export interface QueueDiagnostics {
  /** Refreshes that read every queued row. */
  fullReads: number;
  /** Refreshes that read only the rows the change log named (possibly none). */
  incrementalRefreshes: number;
  /** Score and order computations over the whole graph (after a priority, dependency, id or row-set change). */
  graphRebuilds: number;
}

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
  /** Position of each id. */
  indexOf: Map<number, number>;
  /** Per row in the queue: the parts of its score that depend on the graph alone, and its score. */
  unblock: Float64Array;
  depthScore: Float64Array;
  scores: Float64Array;
}

/** Ready order: score descending, then priority ascending, then id ascending (as `schedulingOrder`). */
const compareRows = (g: Graph, a: number, b: number) =>
  g.scores[b]! - g.scores[a]! || g.priorities[a]! - g.priorities[b]! || g.ids[a]! - g.ids[b]!;

function sameGraph(graph: Graph | null, raws: RawQueueRow[]): boolean {
  if (!graph || graph.ids.length !== raws.length) return false;
  for (let i = 0; i < raws.length; i++) {
    const r = raws[i]!;
    if (graph.ids[i] !== r[0] || graph.priorities[i] !== r[1] || graph.texts[i] !== r[2]) return false;
  }
  return true;
}

interface Cached {
  dataVersion: number;
  changes: number;
  /** The change log's last sequence number when the snapshot was current. */
  seq: number;
  /** Null: the log could not be trusted then, so the next change means a full read. */
  position: FeedPosition | null;
  /** The rows the snapshot was made from, in id order, kept current with it. */
  raws: RawQueueRow[];
  /** The snapshot's row for each position of `raws` (none for rows left out of the queue). */
  at: (QueueRow | undefined)[];
  snapshot: QueueSnapshot;
}

/**
 * Ready ordering needs the whole dependency graph. The snapshot is cached per connection and
 * reused while nothing has changed: `PRAGMA data_version` moves when another connection commits,
 * `total_changes()` when this one writes; both are read inside the caller's transaction, so a
 * cached snapshot is never older than what that transaction can see.
 *
 * When they moved, the change log (docs/decisions/0012-change-log.md) names the rows that changed
 * since the snapshot, and only those are read again: a status change patches them in place and
 * keeps the scores and the ranking; a priority change recomputes that one score and moves the row
 * in the ranking; a change of the graph (a dependency list, a row added, removed or renumbered)
 * recomputes scores and order from the rows in memory. Whenever the log cannot tell exactly
 * (switched off, a trigger missing, a restore, a gap), every row is read.
 *
 * Rows whose id, or one of whose dependency ids, lies beyond JavaScript's safe integer range are
 * left out of the queue (the SQL leaves out the ids; the dependency lists are checked here): a
 * rounded id could name another feature (docs/store.md, "Feature ids too large for JavaScript").
 */
export function queueSnapshotCache(source: QueueSource) {
  let cached: Cached | null = null;
  let graph: Graph | null = null;
  const counters: QueueDiagnostics = { fullReads: 0, incrementalRefreshes: 0, graphRebuilds: 0 };

  // Over 10k rows this runs after every dependency change or create anyone makes, so it works
  // in typed arrays over positions and reuses what the previous graph already knew: the id index
  // when the ids are the same, each unchanged row's parsed dependency list.
  const buildGraph = (raws: RawQueueRow[]): Graph => {
    counters.graphRebuilds++;
    const previous = graph;
    const n = raws.length;
    const ids = new Array<number>(n);
    const priorities = new Array<number>(n);
    const texts = new Array<string | null>(n);
    const lists = new Array<number[]>(n);
    const outOfQueue = new Array<boolean>(n);
    // Rows the previous graph had at the same positions: all of them after a dependency change,
    // all but the new ones after a create at the end of the backlog.
    const prefixLimit = previous ? Math.min(previous.ids.length, n) : 0;
    let prefix = 0;
    for (let i = 0; i < n; i++) {
      const r = raws[i]!;
      ids[i] = r[0];
      priorities[i] = r[1];
      texts[i] = r[2];
      if (prefix === i && i < prefixLimit && previous!.ids[i] === r[0]) prefix++;
    }
    const extended = previous !== null && prefix === previous.ids.length;
    let indexOf: Map<number, number>;
    if (extended) {
      // Only rows appended: the previous index is extended in place (that graph is replaced here).
      indexOf = previous.indexOf;
      for (let i = prefix; i < n; i++) indexOf.set(ids[i]!, i);
    } else {
      indexOf = new Map<number, number>();
      for (let i = 0; i < n; i++) indexOf.set(ids[i]!, i);
    }
    // Position in the queue of each row, -1 for a row left out of it.
    const queueIndex = new Int32Array(n);
    let queued = 0;
    let entries = 0;
    for (let i = 0; i < n; i++) {
      const before = i < prefix ? i : extended ? undefined : previous?.indexOf.get(ids[i]!);
      if (before !== undefined && previous!.texts[before] === texts[i]) {
        lists[i] = previous!.lists[before]!;
        outOfQueue[i] = previous!.outOfQueue[before]!;
      } else {
        const parsed = readDependencyEntries(texts[i]);
        lists[i] = parsed.ids;
        outOfQueue[i] = parsed.outOfRange.length > 0;
      }
      if (outOfQueue[i]) queueIndex[i] = -1;
      else {
        queueIndex[i] = queued++;
        entries += lists[i]!.length;
      }
    }
    // The queue's graph, as schedulingScoreParts would build it from the queued rows alone: a
    // dependency on a row left out of the queue names no queued feature.
    const positions = new Int32Array(queued);
    const parentStart = new Int32Array(queued + 1);
    const parents = new Int32Array(entries);
    const queuedPriorities = new Float64Array(queued);
    const queuedIds = new Float64Array(queued);
    let edges = 0;
    for (let i = 0; i < n; i++) {
      const k = queueIndex[i]!;
      if (k < 0) continue;
      positions[k] = i;
      queuedPriorities[k] = priorities[i]!;
      queuedIds[k] = ids[i]!;
      parentStart[k] = edges;
      for (const d of lists[i]!) {
        const p = indexOf.get(d);
        if (p !== undefined && queueIndex[p]! >= 0) parents[edges++] = queueIndex[p]!;
      }
    }
    parentStart[queued] = edges;
    const parts = scorePartsOf({ parentStart, parents });
    const queuedScores = new Float64Array(queued);
    const unblock = new Float64Array(n);
    const depthScore = new Float64Array(n);
    const scores = new Float64Array(n);
    for (let k = 0; k < queued; k++) {
      const i = positions[k]!;
      unblock[i] = parts.unblock[k]!;
      depthScore[i] = parts.depthScore[k]!;
      scores[i] = queuedScores[k] = scoreFromParts(unblock[i], depthScore[i], queuedPriorities[k]!);
    }
    const order = rankPositions(queuedScores, queuedPriorities, queuedIds);
    for (let k = 0; k < order.length; k++) order[k] = positions[order[k]!]!;
    return { ids, priorities, texts, lists, outOfQueue, order, indexOf, unblock, depthScore, scores };
  };

  /**
   * The snapshot of `raws`, whose graph is `graph`. Given the snapshot it replaces and the ids
   * that changed since, every other row keeps its object (kept current in place, like the id index
   * and the passing set, which are updated rather than rebuilt): after a create, only the new rows
   * are allocated.
   */
  const materialize = (raws: RawQueueRow[], reuse?: { snapshot: QueueSnapshot; changed: Set<number> }) => {
    const g = graph!;
    const rows: QueueRow[] = [];
    const byId = reuse ? reuse.snapshot.byId : new Map<number, QueueRow>();
    const passing = reuse ? reuse.snapshot.passing : new Set<number>();
    if (reuse) {
      for (const id of reuse.changed) {
        byId.delete(id);
        passing.delete(id);
      }
    }
    const at = new Array<QueueRow | undefined>(raws.length);
    for (let i = 0; i < raws.length; i++) {
      const r = raws[i]!;
      if (reuse && !reuse.changed.has(r[0])) {
        const kept = byId.get(r[0]);
        if (kept) {
          rows.push(kept);
          at[i] = kept;
          continue;
        }
      }
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
    return { at, snapshot: { rows, byId, ranked, passing } };
  };

  const fullRead = (dataVersion: number, changes: number, seq: number): Cached => {
    counters.fullReads++;
    // Taken before the rows, in the same transaction: the log continues from exactly these rows.
    const position = source.feed?.position(seq) ?? null;
    const raws = source.allRows();
    if (!sameGraph(graph, raws)) graph = buildGraph(raws);
    return { dataVersion, changes, seq, position, raws, ...materialize(raws) };
  };

  /**
   * A row's priority and statuses, in place, in both the snapshot and the rows it is kept from (the
   * caller keeps the graph's priority and the order in step).
   */
  const setStatus = (
    c: Cached,
    i: number,
    priority: number,
    passes: number | null,
    inProgress: number | null,
    waiting: number | null,
    leaseExpiresAt: string | null,
  ) => {
    const r = c.raws[i]!;
    c.raws[i] = [r[0], priority, r[2], passes, inProgress, waiting, leaseExpiresAt];
    const row = c.at[i];
    if (row) {
      row.priority = priority;
      row.passes = !!passes;
      row.inProgress = !!inProgress;
      row.needsHumanInput = !!waiting;
      row.leaseExpiresAt = leaseExpiresAt;
    }
    if (passes) c.snapshot.passing.add(r[0]);
    else c.snapshot.passing.delete(r[0]);
  };

  /**
   * New priorities for rows `moved`, already in `g.priorities`: a priority enters only its own
   * feature's score (docs/contracts.md, "Scheduling order"), so those scores are recomputed from
   * their graph parts and the rows moved to their place in the order; nothing else changes.
   */
  const reprioritize = (c: Cached, g: Graph, moved: number[]): void => {
    const queued = moved.filter((i) => !g.outOfQueue[i]);
    if (queued.length === 0) return;
    const leaving = new Set(queued);
    const order = new Int32Array(g.order.length);
    let length = 0;
    for (const i of g.order) if (!leaving.has(i)) order[length++] = i;
    for (const i of queued) {
      g.scores[i] = scoreFromParts(g.unblock[i]!, g.depthScore[i]!, g.priorities[i]!);
      let lo = 0;
      let hi = length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareRows(g, order[mid]!, i) < 0) lo = mid + 1;
        else hi = mid;
      }
      order.copyWithin(lo + 1, lo, length++);
      order[lo] = i;
    }
    g.order = order;
    const ranked = c.snapshot.ranked;
    for (let k = 0; k < order.length; k++) ranked[k] = c.at[order[k]!]!;
  };

  /** Brings `c` up to date with the current rows of `ids`, the only ones that changed. */
  const patch = (c: Cached, ids: number[]): void => {
    const fresh = source.rowsById(ids);
    const g = graph!;
    const present = new Set(fresh.map((r) => r[0]));
    let structural = ids.some((id) => !present.has(id) && g.indexOf.has(id));
    const moved: number[] = [];
    for (const r of fresh) {
      const i = g.indexOf.get(r[0]);
      if (i === undefined || g.texts[i] !== r[2]) {
        structural = true;
        break;
      }
      if (g.priorities[i] !== r[1]) moved.push(i);
    }
    if (structural) {
      const sameRows = fresh.length === ids.length && fresh.every((r) => g.indexOf.has(r[0]));
      if (!sameRows) {
        const changed = new Set(ids);
        c.raws = mergeRows(c.raws, changed, fresh);
        graph = buildGraph(c.raws);
        Object.assign(c, materialize(c.raws, { snapshot: c.snapshot, changed }));
        return;
      }
      // Only dependency lists (and perhaps priorities and statuses) changed: every row keeps its
      // position, so the snapshot's rows are updated in place and only the ranking is rebuilt.
      const positions = fresh.map((r) => g.indexOf.get(r[0])!);
      fresh.forEach((r, k) => (c.raws[positions[k]!] = r));
      const next = buildGraph(c.raws);
      graph = next;
      if (positions.some((i) => next.outOfQueue[i] !== g.outOfQueue[i])) {
        Object.assign(c, materialize(c.raws));
        return;
      }
      fresh.forEach((r, k) => {
        const i = positions[k]!;
        const row = c.at[i];
        if (row) {
          row.dependencies = next.lists[i]!;
          row.dependenciesText = r[2];
        }
        setStatus(c, i, r[1], r[3], r[4], r[5], r[6]);
      });
      const ranked = new Array<QueueRow>(next.order.length);
      for (let k = 0; k < ranked.length; k++) ranked[k] = c.at[next.order[k]!]!;
      c.snapshot.ranked = ranked;
      return;
    }
    for (const r of fresh) {
      const i = g.indexOf.get(r[0])!;
      g.priorities[i] = r[1];
      setStatus(c, i, r[1], r[3], r[4], r[5], r[6]);
    }
    reprioritize(c, g, moved);
  };

  return {
    /** Forget everything, e.g. after a transaction rolled back a change already folded in. */
    reset(): void {
      cached = null;
    },

    diagnostics(): QueueDiagnostics {
      return { ...counters };
    },

    get(): QueueSnapshot {
      const [dataVersion, changes, seq] = source.versions();
      if (cached && cached.dataVersion === dataVersion && cached.changes === changes) return cached.snapshot;
      const from = cached?.position;
      if (cached && from && source.feed) {
        const to = source.feed.position(seq);
        // Past a quarter of the backlog, reading every row costs less than following the log.
        const limit = Math.max(1024, cached.raws.length >> 2);
        const ids = to && source.feed.changedSince(from, to, limit);
        if (ids && to) {
          counters.incrementalRefreshes++;
          if (ids.length > 0) patch(cached, ids);
          Object.assign(cached, { dataVersion, changes, seq, position: to });
          return cached.snapshot;
        }
      }
      cached = fullRead(dataVersion, changes, seq);
      return cached.snapshot;
    },

    /**
     * Folds this connection's own single-row status change into the cached snapshot, so an agent
     * that claims and finishes features in a loop reads nothing back after each write. Call inside
     * the write transaction, right after a single-row write. Unless the cache was current just
     * before that write (no other change since, by anyone) and the write left the graph alone
     * (priority, dependencies), nothing is folded and the next read catches up as for any change.
     * With the change log, the write is its one new entry; without it, `rowsChanged` counts every
     * row the write changed besides the log's (a claim also records its generation in the lease state).
     */
    noteOwnWrite(written: WrittenRow, rowsChanged = 1): void {
      if (!cached) return;
      const [dataVersion, changes, seq] = source.versions();
      const i = graph?.indexOf.get(written.id);
      const logged = cached.position !== null && source.feed !== null;
      const current =
        cached.dataVersion === dataVersion &&
        (logged
          ? seq === cached.seq + 1
          : seq >= cached.seq && cached.changes === changes - rowsChanged - (seq - cached.seq));
      if (
        !current ||
        i === undefined ||
        graph!.priorities[i] !== written.priority ||
        graph!.texts[i] !== written.dependencies
      ) {
        return;
      }
      setStatus(
        cached,
        i,
        written.priority,
        written.passes,
        written.in_progress,
        written.needs_human_input,
        written.lease_expires_at,
      );
      cached.dataVersion = dataVersion;
      cached.changes = changes;
      cached.seq = seq;
      if (cached.position) cached.position = { ...cached.position, seq, lastId: written.id };
    },
  };
}
