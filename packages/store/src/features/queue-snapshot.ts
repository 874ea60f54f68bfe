import { buildQueueGraph, patchQueueGraph, type GraphChange, type QueueGraph } from './queue-graph.js';
import { mergeRows, type FeedPosition, type QueueSource, type RawQueueRow } from './queue-source.js';
import { ReadyCandidates } from './ready-candidates.js';
import { SELECTION_LIMIT, selectFirst } from './ready-selection.js';

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

/** What the queue views read; see src/features/queue-views.ts. */
export interface QueueSnapshot {
  /** In id order. */
  rows: QueueRow[];
  /** Every row in ready order (score desc, priority, id), whatever its status: computed on first use. */
  readonly ranked: QueueRow[];
  passing: Set<number>;
  /** The queued row of `id`, if any. */
  rowOf(id: number): QueueRow | undefined;
  firstRanked(
    limit: number,
    keep: (r: QueueRow) => boolean,
    counted: boolean,
  ): { rows: QueueRow[]; total: number };
}

/** How the snapshot kept up, for tests and the bench: each refresh is one of the first two. */
export interface QueueDiagnostics {
  /** Refreshes that read every queued row. */
  fullReads: number;
  /** Refreshes that read only the rows the change log named (possibly none). */
  incrementalRefreshes: number;
  /** Score computations over the whole graph (after a dependency, id or row-set change). */
  graphRebuilds: number;
}

/**
 * The snapshot over `graph`: `at` holds the row of each position (none for rows left out of the
 * queue). The ranking is built only when asked for, and again only once the graph or the rows
 * were replaced; so are the ready candidates, which status changes then keep current in place.
 */
class Snapshot implements QueueSnapshot {
  #ranked: QueueRow[] | null = null;
  #rankedFrom: [QueueGraph, (QueueRow | undefined)[]] | null = null;
  /** How many times this graph was selected from in one pass, without its order. */
  #selections: [QueueGraph | null, number] = [null, 0];
  #candidates: ReadyCandidates | null = null;

  constructor(
    public rows: QueueRow[],
    public passing: Set<number>,
    public graph: QueueGraph,
    public at: (QueueRow | undefined)[],
  ) {}

  rowOf(id: number): QueueRow | undefined {
    const i = this.graph.positionOf(id);
    return i < 0 ? undefined : this.at[i];
  }

  get ranked(): QueueRow[] {
    if (this.#ranked === null || this.#rankedFrom![0] !== this.graph || this.#rankedFrom![1] !== this.at) {
      const order = this.graph.order;
      const ranked = new Array<QueueRow>(order.length);
      for (let k = 0; k < order.length; k++) ranked[k] = this.at[order[k]!]!;
      this.#ranked = ranked;
      this.#rankedFrom = [this.graph, this.at];
    }
    return this.#ranked;
  }

  /** The candidates for the current graph and rows, if already built. */
  #currentCandidates(): ReadyCandidates | null {
    const c = this.#candidates;
    return c !== null && c.graph === this.graph && c.rows === this.at ? c : null;
  }

  /** Called after the row at `position` changed its flags in place, with whether it passed before. */
  statusChanged(position: number, passedBefore: boolean): void {
    this.#currentCandidates()?.statusChanged(position, passedBefore);
  }

  firstRanked(limit: number, keep: (r: QueueRow) => boolean, counted: boolean) {
    const { graph: g, at } = this;
    // The first calls on a graph whose order nobody needed yet select in one pass: a graph change
    // is often followed by one claimNext (its read, then its write transaction) or one ready. A
    // third call with no graph change in between (claimNext in a loop) means the order and the
    // candidates pay for themselves.
    const [selectedOn, selections] = this.#selections;
    const used = selectedOn === g ? selections : 0;
    if (g.orderIfKnown === null && used < 2 && limit <= SELECTION_LIMIT && !g.unordered) {
      this.#selections = [g, used + 1];
      const { positions, total } = selectFirst(g, g.size, limit, (i) => {
        const r = at[i];
        return r !== undefined && keep(r);
      });
      return { rows: positions.map((i) => at[i]!), total };
    }
    let candidates = this.#currentCandidates();
    if (candidates === null) {
      candidates = new ReadyCandidates(g, at, this.passing);
      this.#candidates = candidates;
    }
    // The candidates are `ranked` without rows `keep` rejects anyway: the same rows, in the same order.
    const rows: QueueRow[] = [];
    let total = 0;
    candidates.forEach((i) => {
      const r = at[i]!;
      if (!keep(r)) return true;
      total++;
      if (rows.length < limit) rows.push(r);
      return counted || rows.length < limit;
    });
    return { rows, total };
  }
}

function sameGraph(graph: QueueGraph | null, raws: RawQueueRow[]): boolean {
  if (!graph || graph.size !== raws.length) return false;
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
  snapshot: Snapshot;
}

/** At most this many own writes wait for the next read to be folded in (see noteOwnWrite). */
const MAX_OWN_WRITES = 64;

/**
 * Ready ordering needs the whole dependency graph. The snapshot is cached per connection and
 * reused while nothing has changed: `PRAGMA data_version` moves when another connection commits,
 * `total_changes()` when this one writes; both are read inside the caller's transaction, so a
 * cached snapshot is never older than what that transaction can see.
 *
 * When they moved, the change log (docs/decisions/0012-change-log.md) names the rows that changed
 * since the snapshot, and only those are read again: a status change patches them in place and
 * keeps the scores and the ranking; a priority change recomputes that one score and moves the row
 * in the ranking; a dependency change patches the graph (queue-graph.ts) and a create at the end
 * extends it, both rescoring the whole graph from the parents in memory; a row removed,
 * renumbered or created among the others rebuilds it from the rows in memory. Whenever the log
 * cannot tell exactly (switched off, a trigger missing, a restore, a gap), every row is read.
 *
 * Rows whose id, or one of whose dependency ids, lies beyond JavaScript's safe integer range are
 * left out of the queue (the SQL leaves out the ids; the dependency lists are checked here): a
 * rounded id could name another feature (docs/store.md, "Feature ids too large for JavaScript").
 */
export function queueSnapshotCache(source: QueueSource) {
  let cached: Cached | null = null;
  let graph: QueueGraph | null = null;
  const counters: QueueDiagnostics = { fullReads: 0, incrementalRefreshes: 0, graphRebuilds: 0 };

  const rebuilt = (raws: RawQueueRow[]): QueueGraph => {
    counters.graphRebuilds++;
    return buildQueueGraph(raws, graph);
  };

  const rowOf = (g: QueueGraph, i: number, r: RawQueueRow): QueueRow => ({
    id: r[0],
    priority: r[1],
    dependencies: g.lists[i]!,
    passes: !!r[3],
    inProgress: !!r[4],
    needsHumanInput: !!r[5],
    leaseExpiresAt: r[6],
    dependenciesText: r[2],
  });

  /**
   * The snapshot of `raws`, whose graph is `graph`. Given the snapshot it replaces and the ids
   * that changed since, every other row keeps its object (kept current in place, like the passing
   * set, which is updated rather than rebuilt).
   */
  const materialize = (
    g: QueueGraph,
    raws: RawQueueRow[],
    reuse?: { snapshot: Snapshot; changed: Set<number> },
  ): Snapshot => {
    const rows: QueueRow[] = [];
    const passing = reuse ? reuse.snapshot.passing : new Set<number>();
    if (reuse) for (const id of reuse.changed) passing.delete(id);
    const at = new Array<QueueRow | undefined>(raws.length);
    for (let i = 0; i < raws.length; i++) {
      const r = raws[i]!;
      if (reuse && !reuse.changed.has(r[0])) {
        const before = reuse.snapshot.graph.positionOf(r[0]);
        const kept = before < 0 ? undefined : reuse.snapshot.at[before];
        if (kept) {
          rows.push(kept);
          at[i] = kept;
          continue;
        }
      }
      // A row left out of the queue still has an exact id, so features depending on it still see
      // whether it passes.
      if (r[3]) passing.add(r[0]);
      if (g.outOfQueue[i]) continue;
      const row = rowOf(g, i, r);
      rows.push(row);
      at[i] = row;
    }
    return new Snapshot(rows, passing, g, at);
  };

  const fullRead = (dataVersion: number, changes: number, seq: number): Cached => {
    counters.fullReads++;
    // Taken before the rows, in the same transaction: the log continues from exactly these rows.
    const position = source.feed?.position(seq) ?? null;
    const raws = source.allRows();
    if (!sameGraph(graph, raws)) graph = rebuilt(raws);
    return { dataVersion, changes, seq, position, raws, snapshot: materialize(graph!, raws) };
  };

  /**
   * A row's priority and statuses, in place, in both the snapshot and the rows it is kept from (the
   * caller keeps the graph in step).
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
    const passedBefore = c.snapshot.passing.has(r[0]);
    c.raws[i] = [r[0], priority, r[2], passes, inProgress, waiting, leaseExpiresAt];
    const row = c.snapshot.at[i];
    if (row) {
      row.priority = priority;
      row.passes = !!passes;
      row.inProgress = !!inProgress;
      row.needsHumanInput = !!waiting;
      row.leaseExpiresAt = leaseExpiresAt;
    }
    if (passes) c.snapshot.passing.add(r[0]);
    else c.snapshot.passing.delete(r[0]);
    c.snapshot.statusChanged(i, passedBefore);
  };

  /** Rebuilds the graph and the snapshot's rows from `c.raws`, with `changed` the ids whose rows changed. */
  const rebuild = (c: Cached, changed: Set<number>): void => {
    graph = rebuilt(c.raws);
    c.snapshot = materialize(graph, c.raws, { snapshot: c.snapshot, changed });
  };

  /** Brings `c` up to date with the current rows of `ids`, the only ones that changed. */
  const patch = (c: Cached, ids: number[]): void => {
    const fresh = source.rowsById(ids);
    const g = graph!;
    const present = new Set(fresh.map((r) => r[0]));
    // A row removed, or one added anywhere but after the last, renumbers positions: rebuilt.
    let inPlace = !ids.some((id) => !present.has(id) && g.positionOf(id) >= 0);
    const changes: GraphChange[] = [];
    const positions: number[] = [];
    let last = g.size > 0 ? g.ids[g.size - 1]! : -Infinity;
    let end = g.size;
    for (const r of fresh) {
      let i = g.positionOf(r[0]);
      if (i < 0) {
        if (r[0] <= last) inPlace = false;
        last = r[0];
        i = end++;
      }
      positions.push(i);
      if (i >= g.size || g.priorities[i] !== r[1] || g.texts[i] !== r[2])
        changes.push({ position: i, id: r[0], priority: r[1], text: r[2] });
    }
    const next = !inPlace ? null : changes.length === 0 ? g : patchQueueGraph(g, changes);
    if (next === null) {
      const changed = new Set(ids);
      c.raws = mergeRows(c.raws, changed, fresh);
      rebuild(c, changed);
      return;
    }
    if (next.size !== g.size || next.parents !== g.parents) counters.graphRebuilds++;
    graph = next;
    const snapshot = c.snapshot;
    // Every row keeps its position; created rows come after the last.
    let at = snapshot.at;
    if (next.size > g.size) {
      at = at.slice();
      for (let k = 0; k < fresh.length; k++) {
        const i = positions[k]!;
        if (i < g.size) continue;
        const r = fresh[k]!;
        c.raws.push(r);
        const row = next.outOfQueue[i] ? undefined : rowOf(next, i, r);
        at.push(row);
        if (row) snapshot.rows.push(row);
      }
    }
    snapshot.graph = next;
    snapshot.at = at;
    for (let k = 0; k < fresh.length; k++) {
      const i = positions[k]!;
      const r = fresh[k]!;
      const row = at[i];
      if (row && i < g.size && row.dependenciesText !== r[2]) {
        row.dependencies = next.lists[i]!;
        row.dependenciesText = r[2];
      }
      if (i < g.size) c.raws[i] = [r[0], r[1], r[2], r[3], r[4], r[5], r[6]];
      setStatus(c, i, r[1], r[3], r[4], r[5], r[6]);
    }
  };

  /** This connection's own writes noted since the cache was last current, oldest first. */
  const ownWrites: WrittenRow[] = [];
  /** The rows they changed besides the log's (NaN once they cannot be folded in). */
  let ownRowsChanged = 0;
  const forgetOwnWrites = () => {
    ownWrites.length = 0;
    ownRowsChanged = 0;
  };

  /** Folds the noted own writes into `c` when they are all that changed since it was current. */
  const foldOwnWrites = (c: Cached, dataVersion: number, changes: number, seq: number): boolean => {
    const k = ownWrites.length;
    if (k === 0 || c.dataVersion !== dataVersion) return false;
    const logged = c.position !== null && source.feed !== null;
    const onlyThese = logged
      ? seq === c.seq + k && !Number.isNaN(ownRowsChanged)
      : seq >= c.seq && c.changes === changes - ownRowsChanged - (seq - c.seq);
    if (!onlyThese || !graph) return false;
    const positions = ownWrites.map((w) => graph!.positionOf(w.id));
    for (let n = 0; n < k; n++) {
      const i = positions[n]!;
      const w = ownWrites[n]!;
      if (i < 0 || graph.priorities[i] !== w.priority || graph.texts[i] !== w.dependencies) return false;
    }
    for (let n = 0; n < k; n++) {
      const w = ownWrites[n]!;
      setStatus(
        c,
        positions[n]!,
        w.priority,
        w.passes,
        w.in_progress,
        w.needs_human_input,
        w.lease_expires_at,
      );
    }
    c.dataVersion = dataVersion;
    c.changes = changes;
    c.seq = seq;
    if (c.position) c.position = { ...c.position, seq, lastId: ownWrites[k - 1]!.id };
    forgetOwnWrites();
    return true;
  };

  return {
    /** Forget everything, e.g. after a transaction rolled back a change already folded in. */
    reset(): void {
      cached = null;
      forgetOwnWrites();
    },

    diagnostics(): QueueDiagnostics {
      return { ...counters };
    },

    get(): QueueSnapshot {
      // Inside a transaction the caller began, what is read may still be rolled back, and neither
      // data_version nor total_changes() would tell the cache afterwards: such a read is a full
      // read kept for this call only, and the cache (and its graph) stay as they were.
      if (source.insideCallersTransaction()) {
        counters.fullReads++;
        const raws = source.allRows();
        return materialize(sameGraph(graph, raws) ? graph! : buildQueueGraph(raws, graph), raws);
      }
      const [dataVersion, changes, seq] = source.versions();
      if (cached && cached.dataVersion === dataVersion && cached.changes === changes) return cached.snapshot;
      if (cached && foldOwnWrites(cached, dataVersion, changes, seq)) return cached.snapshot;
      forgetOwnWrites();
      const from = cached?.position;
      if (cached && from && source.feed) {
        const to = source.feed.position(seq);
        // Past a quarter of the backlog, reading every row costs less than following the log.
        const limit = Math.max(1024, cached.raws.length >> 2);
        const ids = to && source.feed.changedSince(from, to, limit);
        if (ids && to) {
          counters.incrementalRefreshes++;
          try {
            if (ids.length > 0) patch(cached, ids);
          } catch (error) {
            // patch changes the cached rows in place: one that failed halfway must not be reused.
            cached = null;
            throw error;
          }
          Object.assign(cached, { dataVersion, changes, seq, position: to });
          return cached.snapshot;
        }
      }
      cached = fullRead(dataVersion, changes, seq);
      return cached.snapshot;
    },

    /**
     * Notes this connection's own single-row status change, right after the write and inside its
     * transaction, so that an agent that claims and finishes features in a loop reads nothing back
     * after each write. Nothing is done until the next `get`, outside the write lock: it folds the
     * noted rows in if the cache was current before the first of them and nothing else changed
     * since (by anyone), and no write changed the graph (priority, dependencies); otherwise it
     * catches up as for any change. With the change log, each write is one new entry; without it,
     * `rowsChanged` counts every row the write changed besides the log's (a claim also records its
     * generation in the lease state).
     */
    noteOwnWrite(written: WrittenRow, rowsChanged = 1): void {
      if (!cached) return;
      // A write inside a transaction the caller began is a savepoint the caller may still roll
      // back, taking its log entry (and sequence number, which a later write may reuse) with it:
      // never folded in. Past MAX_OWN_WRITES (writes with no read in between) the log names them
      // just as well.
      if (source.insideCallersTransaction() || ownWrites.length === MAX_OWN_WRITES)
        ownRowsChanged = Number.NaN;
      else ownWrites.push(written);
      ownRowsChanged += rowsChanged;
    },
  };
}
