/** What the scheduling score needs to know about one feature. */
export interface ScoreInput {
  id: number;
  priority: number;
  /** Normalised dependency ids, possibly naming features that do not exist. */
  dependencies: readonly number[];
}

/**
 * The Python app's scheduling score (spec section 7), reproduced operation for operation so the
 * floating-point results, and therefore the `ready` order, are identical:
 * score = 1000 * unblock + 100 * depth_score + 10 * priority_factor.
 * `features` must be in id order: ties in depth are processed in input order, as Python's stable
 * sort does, and that order changes the downstream counts of some graphs.
 */
export function computeSchedulingScores(features: readonly ScoreInput[]): Map<number, number> {
  const scores = new Map<number, number>();
  const n = features.length;
  if (n === 0) return scores;

  // Index-based arrays rather than maps keyed by id: this runs over the whole backlog.
  const indexOf = new Map<number, number>();
  features.forEach((f, i) => indexOf.set(f.id, i));
  const parents: number[][] = Array.from({ length: n }, () => []);
  const children: number[][] = Array.from({ length: n }, () => []);
  features.forEach((f, i) => {
    for (const dep of f.dependencies) {
      const p = indexOf.get(dep);
      if (p === undefined) continue;
      parents[i]!.push(p);
      children[p]!.push(i);
    }
  });

  // Breadth-first from the roots; a node keeps the depth at which it is first reached.
  // Unreached nodes (only reachable through cycles) keep depth 0.
  const depth = new Int32Array(n);
  const reached = new Uint8Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) {
    if (parents[i]!.length === 0) {
      reached[i] = 1;
      queue[tail++] = i;
    }
  }
  for (let head = 0; head < tail; head++) {
    const node = queue[head]!;
    for (const child of children[node]!) {
      if (!reached[child]) {
        reached[child] = 1;
        depth[child] = depth[node]! + 1;
        queue[tail++] = child;
      }
    }
  }

  let maxDepth = 0;
  for (let i = 0; i < n; i++) maxDepth = Math.max(maxDepth, depth[i]!);
  // Descending depth, input order within a depth: a bucket per depth is Python's stable sort.
  const buckets: number[][] = Array.from({ length: maxDepth + 1 }, () => []);
  for (let i = 0; i < n; i++) buckets[depth[i]!]!.push(i);
  const downstream = new Float64Array(n);
  for (let d = maxDepth; d >= 0; d--) {
    for (const i of buckets[d]!) {
      const own = downstream[i]!;
      for (const p of parents[i]!) downstream[p] = downstream[p]! + 1 + own;
    }
  }
  let maxDownstream = 0;
  for (let i = 0; i < n; i++) maxDownstream = Math.max(maxDownstream, downstream[i]!);

  features.forEach((f, i) => {
    const unblock = maxDownstream > 0 ? downstream[i]! / maxDownstream : 0;
    const depthScore = maxDepth > 0 ? 1 - depth[i]! / maxDepth : 1;
    const priorityFactor = (10 - Math.min(f.priority, 10)) / 10;
    scores.set(f.id, 1000 * unblock + 100 * depthScore + 10 * priorityFactor);
  });
  return scores;
}

/** Ready order: score descending, then priority ascending, then id ascending. */
export function byScheduling(scores: ReadonlyMap<number, number>) {
  return (a: { id: number; priority: number }, b: { id: number; priority: number }): number =>
    scores.get(b.id)! - scores.get(a.id)! || a.priority - b.priority || a.id - b.id;
}
