/** What the scheduling score needs to know about one feature. */
export interface ScoreInput {
  id: number;
  priority: number;
  /** Dependency ids as stored (order and repeats kept), possibly naming features that do not exist. */
  dependencies: readonly number[];
}

/**
 * The Python app's scheduling score, reproduced operation for operation so that every score is
 * the same float64 and the `ready` order is identical (the rule is in docs/contracts.md,
 * "Scheduling order"). `features` must be in id order, as the Python app reads them: roots are
 * searched from in that order and a feature's children are enqueued in it. The result is
 * aligned with `features`.
 *
 * O(features + dependency entries), in typed arrays: it runs over the whole backlog whenever the
 * dependency graph or a priority changes.
 */
export function schedulingScores(features: readonly ScoreInput[]): Float64Array {
  const { unblock, depthScore } = schedulingScoreParts(features);
  const scores = new Float64Array(features.length);
  for (let i = 0; i < scores.length; i++)
    scores[i] = scoreFromParts(unblock[i]!, depthScore[i]!, features[i]!.priority);
  return scores;
}

/**
 * A score from its parts. Only the last term depends on the feature's priority; the parts depend
 * on the graph alone, so a priority change needs this one feature's score recomputed, bit for bit.
 */
export function scoreFromParts(unblock: number, depthScore: number, priority: number): number {
  const priorityFactor = (10 - Math.min(priority, 10)) / 10;
  return 1000 * unblock + 100 * depthScore + 10 * priorityFactor;
}

/**
 * The dependency graph over positions 0..n-1 of a backlog in id order: the parents of position i
 * are `parents[parentStart[i]]` up to `parents[parentStart[i + 1]]`, in the order its list gives
 * them (a repeated dependency is a second edge); dependencies naming no feature are left out.
 */
export interface ParentLists {
  parentStart: Int32Array;
  parents: Int32Array;
}

/** The parents of each feature of `features` (in id order), as positions. */
export function parentLists(features: readonly ScoreInput[]): ParentLists {
  const n = features.length;
  const indexOf = new Map<number, number>();
  for (let i = 0; i < n; i++) indexOf.set(features[i]!.id, i);
  let entries = 0;
  for (let i = 0; i < n; i++) entries += features[i]!.dependencies.length;
  const parentStart = new Int32Array(n + 1);
  const parents = new Int32Array(entries);
  let edges = 0;
  for (let i = 0; i < n; i++) {
    parentStart[i] = edges;
    for (const d of features[i]!.dependencies) {
      const p = indexOf.get(d);
      if (p !== undefined) parents[edges++] = p;
    }
  }
  parentStart[n] = edges;
  return { parentStart, parents };
}

/** The parts of each score that depend only on the graph: unblock share and depth score, aligned with `features`. */
export function schedulingScoreParts(features: readonly ScoreInput[]): {
  unblock: Float64Array;
  depthScore: Float64Array;
} {
  return scorePartsOf(parentLists(features));
}

/** As `schedulingScoreParts`, from the graph already in positions (a caller that keeps its own index). */
export function scorePartsOf({ parentStart, parents }: ParentLists): {
  unblock: Float64Array;
  depthScore: Float64Array;
} {
  const n = parentStart.length - 1;
  if (n === 0) return { unblock: new Float64Array(0), depthScore: new Float64Array(0) };
  const edges = parentStart[n]!;
  const childStart = new Int32Array(n + 1);
  for (let k = 0; k < edges; k++) childStart[parents[k]! + 1]!++;
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!;
  // Children in ascending id order, one entry per edge: filling them feature by feature in id
  // order gives exactly that.
  const children = new Int32Array(edges);
  const fill = childStart.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let k = parentStart[i]!; k < parentStart[i + 1]!; k++) children[fill[parents[k]!]!++] = i;
  }

  // Breadth-first search from the roots in id order. The Python app queues one entry per edge and
  // a feature takes the depth of its first dequeue; because the queue is FIFO, that is the depth
  // and the position of its first enqueue, so marking features when first enqueued visits them
  // in the same order with the same depths, in a queue of n entries instead of one per edge.
  const depth = new Int32Array(n);
  const reached = new Uint8Array(n);
  const visit = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) {
    if (parentStart[i] === parentStart[i + 1]) {
      reached[i] = 1;
      visit[tail++] = i;
    }
  }
  let maxDepth = 0;
  for (let head = 0; head < tail; head++) {
    const node = visit[head]!;
    const childDepth = depth[node]! + 1;
    for (let k = childStart[node]!; k < childStart[node + 1]!; k++) {
      const child = children[k]!;
      if (reached[child]) continue;
      reached[child] = 1;
      depth[child] = childDepth;
      if (childDepth > maxDepth) maxDepth = childDepth;
      visit[tail++] = child;
    }
  }
  // Unreached features (only reachable through cycles) keep depth 0 and come after, in id order.
  for (let i = 0; i < n; i++) if (!reached[i]) visit[tail++] = i;

  // Deepest first; within one depth, in visit order (a stable counting sort of `visit`).
  const bucket = new Int32Array(maxDepth + 2);
  for (let i = 0; i < n; i++) bucket[maxDepth - depth[i]! + 1]!++;
  for (let d = 0; d <= maxDepth; d++) bucket[d + 1]! += bucket[d]!;
  const processing = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = visit[k]!;
    processing[bucket[maxDepth - depth[i]!]!++] = i;
  }

  const unblock = unblockShares(processing, parentStart, parents);
  const depthScore = new Float64Array(n);
  for (let i = 0; i < n; i++) depthScore[i] = maxDepth > 0 ? 1 - depth[i]! / maxDepth : 1;
  return { unblock, depthScore };
}

/**
 * downstream / max_downstream per feature. The Python app counts with exact integers, which can
 * pass 2^53 (the counts grow with the number of paths) and even float64's range; up to 2^53 a
 * float64 count is exact, so the fast path is taken whenever the largest count stays there.
 * Each addition reads the child's current count, as Python's `downstream[p] += 1 +
 * downstream[f]` does: it differs from reading it once when a feature depends on itself.
 */
function unblockShares(processing: Int32Array, parentStart: Int32Array, parents: Int32Array): Float64Array {
  const n = processing.length;
  const downstream = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const f = processing[k]!;
    for (let e = parentStart[f]!; e < parentStart[f + 1]!; e++)
      downstream[parents[e]!]! += 1 + downstream[f]!;
  }
  let max = 0;
  for (let i = 0; i < n; i++) if (downstream[i]! > max) max = downstream[i]!;
  if (max <= Number.MAX_SAFE_INTEGER) {
    // Exact integers divided once: IEEE division rounds exactly as Python's int / int does.
    for (let i = 0; i < n; i++) downstream[i] = max > 0 ? downstream[i]! / max : 0;
    return downstream;
  }
  const exact: bigint[] = new Array<bigint>(n).fill(0n);
  for (let k = 0; k < n; k++) {
    const f = processing[k]!;
    for (let e = parentStart[f]!; e < parentStart[f + 1]!; e++) exact[parents[e]!]! += 1n + exact[f]!;
  }
  let bigMax = 0n;
  for (const c of exact) if (c > bigMax) bigMax = c;
  for (let i = 0; i < n; i++) downstream[i] = divideRounded(exact[i]!, bigMax);
  return downstream;
}

const bitLength = (x: bigint) => x.toString(2).length;

/** a / b for integers 0 <= a <= b, b > 0, rounded to the nearest float64 (ties to even), as Python's int / int. */
export function divideRounded(a: bigint, b: bigint): number {
  if (a === 0n) return 0;
  const shift = bitLength(b) - bitLength(a);
  // The quotient lies in [2^lead, 2^(lead+1)).
  const lead = a << BigInt(shift) >= b ? -shift : -shift - 1;
  // Scale so that the integer part keeps the 53 significant bits of a float64, fewer once the
  // result is subnormal (whose last bit is worth 2^-1074).
  const scale = 52 - Math.max(lead, -1022);
  const scaled = a << BigInt(scale);
  let q = scaled / b;
  const twiceRest = (scaled - q * b) * 2n;
  if (twiceRest > b || (twiceRest === b && (q & 1n) === 1n)) q += 1n;
  // q <= 2^53 and q * 2^-scale is a float64, so each product below is exact.
  return scale <= 1022 ? Number(q) * 2 ** -scale : Number(q) * 2 ** -(scale - 1022) * 2 ** -1022;
}

/** The scores by id; see `schedulingScores`. */
export function computeSchedulingScores(features: readonly ScoreInput[]): Map<number, number> {
  const scores = schedulingScores(features);
  const byId = new Map<number, number>();
  for (let i = 0; i < features.length; i++) byId.set(features[i]!.id, scores[i]!);
  return byId;
}

/** Positions in `features` in ready order: score descending, then priority ascending, then id ascending. */
export function schedulingOrder(features: readonly ScoreInput[], scores: Float64Array): Int32Array {
  const priorities = new Float64Array(features.length);
  const ids = new Float64Array(features.length);
  for (let i = 0; i < features.length; i++) {
    priorities[i] = features[i]!.priority;
    ids[i] = features[i]!.id;
  }
  return rankPositions(scores, priorities, ids);
}

/**
 * As `schedulingOrder`, over columns. Scores take few distinct values in practice (a thousand over
 * a 10k backlog, priorities ten), so instead of a comparison sort the positions are put in id
 * order, then stably bucketed by priority, then by score: the same order, in linear time plus a
 * sort of the distinct values. A NaN has no place in that order (the comparison treats it as a
 * tie with everything), and ids out of order would need a sort of their own: both take the
 * comparison sort, whose order is the definition.
 */
export function rankPositions(scores: Float64Array, priorities: Float64Array, ids: Float64Array): Int32Array {
  const n = scores.length;
  let bucketable = true;
  for (let i = 0; i < n && bucketable; i++) {
    bucketable =
      scores[i] === scores[i] && priorities[i] === priorities[i] && (i === 0 || ids[i - 1]! <= ids[i]!);
  }
  if (!bucketable) return comparisonRank(scores, priorities, ids);
  const byId = new Int32Array(n);
  for (let i = 0; i < n; i++) byId[i] = i;
  const priority = denseRanks(priorities, false);
  const byPriority = stableBuckets(byId, priority.rank, priority.count);
  const score = denseRanks(scores, true);
  return stableBuckets(byPriority, score.rank, score.count);
}

function comparisonRank(scores: Float64Array, priorities: Float64Array, ids: Float64Array): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort(
    (a, b) => scores[b]! - scores[a]! || priorities[a]! - priorities[b]! || ids[a]! - ids[b]!,
  );
}

/**
 * Each value's rank among the distinct values (NaN-free), ascending or descending. Values the
 * comparison calls equal share a rank: the Map's SameValueZero merges 0 and -0, and two equal
 * infinities, whose difference is NaN, fall through to the next key there as well.
 */
function denseRanks(values: Float64Array, descending: boolean): { rank: Int32Array; count: number } {
  const slotOf = new Map<number, number>();
  const distinct: number[] = [];
  const rank = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let slot = slotOf.get(v);
    if (slot === undefined) {
      slot = distinct.length;
      slotOf.set(v, slot);
      distinct.push(v);
    }
    rank[i] = slot;
  }
  const count = distinct.length;
  const sorted = Float64Array.from(distinct).sort();
  const rankOfSlot = new Int32Array(count);
  for (let r = 0; r < count; r++) rankOfSlot[slotOf.get(sorted[r]!)!] = descending ? count - 1 - r : r;
  for (let i = 0; i < rank.length; i++) rank[i] = rankOfSlot[rank[i]!]!;
  return { rank, count };
}

/** `order` stably sorted by `rank` (a counting sort). */
function stableBuckets(order: Int32Array, rank: Int32Array, count: number): Int32Array {
  const start = new Int32Array(count + 1);
  for (let k = 0; k < order.length; k++) start[rank[order[k]!]! + 1]!++;
  for (let r = 0; r < count; r++) start[r + 1]! += start[r]!;
  const out = new Int32Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    out[start[rank[i]!]!++] = i;
  }
  return out;
}
