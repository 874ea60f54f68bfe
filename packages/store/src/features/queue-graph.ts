import { readDependencyEntries } from '@forgedb/schema';
import type { RawQueueRow } from './queue-source.js';
import { rankPositions, scoreFromParts, scorePartsOf } from './scheduling-score.js';

/** What a graph holds per position besides its order: everything it is built from. */
export type QueueGraphParts = Pick<
  QueueGraph,
  | 'ids'
  | 'priorities'
  | 'texts'
  | 'lists'
  | 'outOfQueue'
  | 'outCount'
  | 'dangling'
  | 'parentStart'
  | 'parents'
  | 'unblock'
  | 'depthScore'
  | 'scores'
>;

/**
 * What the scores depend on (ids, priorities, dependency lists; not claim or pass status), over the
 * positions 0..n-1 of the backlog in id order, with every row's score.
 *
 * A graph is never changed once built: a patch or an extension returns a new graph that shares
 * the arrays it left alone, so whatever still reads the previous one (a snapshot's ranking
 * computed from it, a test) sees it whole. The order is computed on first use only: `ready` with a
 * small limit and `claimNext` select from the scores without it (ready-selection.ts).
 *
 * Rows whose dependency list names an id beyond the safe integer range are left out of the queue.
 * Here they stay in the graph as isolated positions (no parents, parent of none): an isolated
 * position is a root that reaches nothing and is reached by nothing, so it moves no other row's
 * depth, visit order or downstream count, and the other scores equal those of the graph without it.
 */
export class QueueGraph {
  #order: Int32Array | null;
  #unordered: boolean | null = null;
  /** Per position, ascending: a position is found by binary search. */
  declare readonly ids: Float64Array;
  declare readonly priorities: Float64Array;
  /** The stored dependency texts, to tell whether a write changed the graph. */
  declare readonly texts: readonly (string | null)[];
  declare readonly lists: readonly number[][];
  /** 1 for a row left out of the queue. */
  declare readonly outOfQueue: Uint8Array;
  declare readonly outCount: number;
  /** Positions whose list names an id no row has: a row created later may become their parent. */
  declare readonly dangling: Int32Array;
  /** The parents of position i are `parents[parentStart[i]]` up to `parents[parentStart[i + 1]]`, in list order. */
  declare readonly parentStart: Int32Array;
  declare readonly parents: Int32Array;
  /** Per position: the parts of its score that depend on the graph alone, and its score. */
  declare readonly unblock: Float64Array;
  declare readonly depthScore: Float64Array;
  declare readonly scores: Float64Array;

  constructor(parts: QueueGraphParts, order: Int32Array | null = null) {
    Object.assign(this, parts);
    this.#order = order;
  }

  get size(): number {
    return this.ids.length;
  }

  /**
   * True when a queued row's priority (and so its score) is NaN: the comparison sort's order is
   * then the only definition, and no selection can reproduce it.
   */
  get unordered(): boolean {
    if (this.#unordered === null) {
      const { scores, priorities, outOfQueue } = this;
      let found = false;
      for (let i = 0; i < scores.length && !found; i++)
        found = (scores[i]! !== scores[i]! || priorities[i]! !== priorities[i]!) && !outOfQueue[i];
      this.#unordered = found;
    }
    return this.#unordered;
  }

  /** The queued positions in ready order (score desc, priority asc, id asc), computed once. */
  get order(): Int32Array {
    this.#order ??= queueOrder(this);
    return this.#order;
  }

  /** The order if something already needed it, else null. */
  get orderIfKnown(): Int32Array | null {
    return this.#order;
  }

  /** Position of `id`, or -1. */
  positionOf(id: number): number {
    return positionOf(this.ids, id);
  }
}

function positionOf(ids: Float64Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid]!;
    if (v < id) lo = mid + 1;
    else if (v > id) hi = mid - 1;
    else return mid;
  }
  return -1;
}

function queueOrder(g: QueueGraph): Int32Array {
  if (g.outCount === 0) return rankPositions(g.scores, g.priorities, g.ids);
  const queued = g.size - g.outCount;
  const positions = new Int32Array(queued);
  const scores = new Float64Array(queued);
  const priorities = new Float64Array(queued);
  const ids = new Float64Array(queued);
  for (let i = 0, k = 0; i < g.size; i++) {
    if (g.outOfQueue[i]) continue;
    positions[k] = i;
    scores[k] = g.scores[i]!;
    priorities[k] = g.priorities[i]!;
    ids[k++] = g.ids[i]!;
  }
  const order = rankPositions(scores, priorities, ids);
  for (let k = 0; k < queued; k++) order[k] = positions[order[k]!]!;
  return order;
}

/** A row's parents as positions of `ids`, and whether its list names an id no row has. */
function parentsOf(list: readonly number[], ids: Float64Array, outOfQueue: Uint8Array) {
  const parents: number[] = [];
  let dangling = false;
  for (const d of list) {
    const p = positionOf(ids, d);
    if (p < 0) dangling = true;
    else if (!outOfQueue[p]) parents.push(p);
  }
  return { parents, dangling };
}

/** The scores of a graph whose positions and parents are known. */
function scored(structure: Omit<QueueGraphParts, 'unblock' | 'depthScore' | 'scores'>): QueueGraph {
  const { unblock, depthScore } = scorePartsOf(structure);
  const { priorities } = structure;
  const scores = new Float64Array(priorities.length);
  for (let i = 0; i < scores.length; i++)
    scores[i] = scoreFromParts(unblock[i]!, depthScore[i]!, priorities[i]!);
  return new QueueGraph({ ...structure, unblock, depthScore, scores });
}

/**
 * The graph of `raws` (in id order), built afresh. Each row whose text `previous` already parsed
 * (same id, same text) keeps that parsed list.
 */
export function buildQueueGraph(raws: readonly RawQueueRow[], previous?: QueueGraph | null): QueueGraph {
  const n = raws.length;
  const ids = new Float64Array(n);
  const priorities = new Float64Array(n);
  const texts = new Array<string | null>(n);
  const lists = new Array<number[]>(n);
  const outOfQueue = new Uint8Array(n);
  let outCount = 0;
  for (let i = 0; i < n; i++) {
    const r = raws[i]!;
    ids[i] = r[0];
    priorities[i] = r[1];
    texts[i] = r[2];
    let before = -1;
    if (previous) before = i < previous.size && previous.ids[i] === r[0] ? i : previous.positionOf(r[0]);
    if (before >= 0 && previous!.texts[before] === r[2]) {
      lists[i] = previous!.lists[before]!;
      outOfQueue[i] = previous!.outOfQueue[before]!;
    } else {
      const parsed = readDependencyEntries(r[2]);
      lists[i] = parsed.ids;
      outOfQueue[i] = parsed.outOfRange.length > 0 ? 1 : 0;
    }
    outCount += outOfQueue[i]!;
  }
  const parentStart = new Int32Array(n + 1);
  const all: number[] = [];
  const dangling: number[] = [];
  for (let i = 0; i < n; i++) {
    parentStart[i] = all.length;
    if (outOfQueue[i]) continue;
    const row = parentsOf(lists[i]!, ids, outOfQueue);
    for (const p of row.parents) all.push(p);
    if (row.dangling) dangling.push(i);
  }
  parentStart[n] = all.length;
  return scored({
    ids,
    priorities,
    texts,
    lists,
    outOfQueue,
    outCount,
    dangling: Int32Array.from(dangling),
    parentStart,
    parents: Int32Array.from(all),
  });
}

/** One row's new graph columns: at `position` of the graph, or appended when beyond its end. */
export interface GraphChange {
  position: number;
  id: number;
  priority: number;
  text: string | null;
}

/**
 * `g` after the rows of `changes` changed their priority or dependency text, or were appended at
 * the end (ids beyond the last, in ascending order), without reading any other row: unchanged rows
 * keep their parsed lists and their parents, copied as whole runs of the CSR arrays. A priority
 * enters only its own row's score (docs/contracts.md, "Scheduling order"), so when no text changed
 * and nothing was appended only those scores are recomputed and a known order is adjusted; any
 * other change scores the whole graph again, as the rule requires.
 *
 * Null when a change puts a row in or out of the queue (a list naming an id beyond the safe
 * range): the edges of every row depending on it change then, so the caller builds afresh.
 */
export function patchQueueGraph(g: QueueGraph, changes: readonly GraphChange[]): QueueGraph | null {
  const n = g.size;
  const updates = changes.filter((c) => c.position < n);
  const appended = changes.filter((c) => c.position >= n);
  const size = n + appended.length;
  const priorities = new Float64Array(size);
  priorities.set(g.priorities);
  const structural = appended.length > 0 || updates.some((c) => g.texts[c.position] !== c.text);
  if (!structural) {
    for (const c of updates) priorities[c.position] = c.priority;
    return reprioritized(
      g,
      priorities,
      updates.map((c) => c.position),
    );
  }

  const ids = new Float64Array(size);
  ids.set(g.ids);
  const texts = g.texts.slice();
  const lists = g.lists.slice();
  const outOfQueue = new Uint8Array(size);
  outOfQueue.set(g.outOfQueue);
  let outCount = g.outCount;
  // Rows whose parents are worked out again: the changed ones, plus, after a create, every row
  // naming a missing id (the new row may be it).
  const remap = new Set<number>();
  for (const c of changes) {
    ids[c.position] = c.id;
    priorities[c.position] = c.priority;
    if (c.position < n && g.texts[c.position] === c.text) continue;
    texts[c.position] = c.text;
    const parsed = readDependencyEntries(c.text);
    lists[c.position] = parsed.ids;
    const out = parsed.outOfRange.length > 0 ? 1 : 0;
    if (c.position < n && out !== g.outOfQueue[c.position]) return null;
    outOfQueue[c.position] = out;
    outCount += c.position < n ? 0 : out;
    remap.add(c.position);
  }
  if (appended.length > 0) for (const i of g.dangling) remap.add(i);

  const danglingRows = new Set<number>(g.dangling);
  const fresh = new Map<number, number[]>();
  for (const i of [...remap].sort((a, b) => a - b)) {
    danglingRows.delete(i);
    if (outOfQueue[i]) {
      fresh.set(i, []);
      continue;
    }
    const row = parentsOf(lists[i]!, ids, outOfQueue);
    fresh.set(i, row.parents);
    if (row.dangling) danglingRows.add(i);
  }

  let edges = g.parents.length;
  for (const [i, parents] of fresh)
    edges += parents.length - (i < n ? g.parentStart[i + 1]! - g.parentStart[i]! : 0);
  const parentStart = new Int32Array(size + 1);
  const parents = new Int32Array(edges);
  let written = 0;
  let copied = 0;
  // Rows copied..end-1 keep their parents: one run of the old arrays, their starts shifted.
  const keep = (end: number) => {
    if (end <= copied) return;
    const from = g.parentStart[copied]!;
    const to = g.parentStart[end]!;
    parents.set(g.parents.subarray(from, to), written);
    const shift = written - from;
    for (let i = copied; i < end; i++) parentStart[i] = g.parentStart[i]! + shift;
    written += to - from;
    copied = end;
  };
  for (const [i, rowParents] of [...fresh].sort((a, b) => a[0] - b[0])) {
    keep(Math.min(i, n));
    parentStart[i] = written;
    parents.set(rowParents, written);
    written += rowParents.length;
    copied = Math.max(copied, i + 1);
  }
  keep(n);
  parentStart[size] = written;
  return scored({
    ids,
    priorities,
    texts,
    lists,
    outOfQueue,
    outCount,
    dangling: Int32Array.from([...danglingRows].sort((a, b) => a - b)),
    parentStart,
    parents,
  });
}

/**
 * `g` with new `priorities` at positions `moved`: those scores recomputed from their graph parts;
 * when `g`'s order is known, the moved rows are taken out and put back in their place.
 */
function reprioritized(g: QueueGraph, priorities: Float64Array, moved: number[]): QueueGraph {
  const scores = g.scores.slice();
  for (const i of moved) scores[i] = scoreFromParts(g.unblock[i]!, g.depthScore[i]!, priorities[i]!);
  const next = (order: Int32Array | null) => new QueueGraph({ ...g, priorities, scores }, order);
  const known = g.orderIfKnown;
  const queued = moved.filter((i) => !g.outOfQueue[i]);
  if (known === null) return next(null);
  if (queued.length === 0) return next(known);
  const probe = next(null);
  // A NaN has no place to be inserted at: the order is left to the comparison sort.
  if (queued.some((i) => scores[i] !== scores[i] || priorities[i] !== priorities[i]) || probe.unordered)
    return probe;
  const leaving = new Set(queued);
  const order = new Int32Array(known.length);
  let length = 0;
  for (const i of known) if (!leaving.has(i)) order[length++] = i;
  const before = (a: number, b: number) =>
    scores[a]! > scores[b]! ||
    (scores[a] === scores[b] &&
      (priorities[a]! < priorities[b]! || (priorities[a] === priorities[b] && g.ids[a]! < g.ids[b]!)));
  for (const i of queued) {
    let lo = 0;
    let hi = length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(order[mid]!, i)) lo = mid + 1;
      else hi = mid;
    }
    order.copyWithin(lo + 1, lo, length++);
    order[lo] = i;
  }
  return next(order);
}
