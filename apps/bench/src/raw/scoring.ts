/**
 * The spec's scheduling score (section 7), written out by hand for the baseline: BFS depth from
 * the roots, downstream counts in descending depth order, then the weighted sum.
 */
export interface ScoringRow {
  id: number;
  priority: number;
  deps: number[];
}

export function schedulingScores(rows: readonly ScoringRow[]): Map<number, number> {
  const exists = new Set<number>();
  for (const r of rows) exists.add(r.id);
  const parents = new Map<number, number[]>();
  const children = new Map<number, number[]>();
  for (const r of rows) {
    const ps = r.deps.filter((d) => exists.has(d));
    parents.set(r.id, ps);
    for (const p of ps) {
      let c = children.get(p);
      if (!c) children.set(p, (c = []));
      c.push(r.id);
    }
  }
  const depth = new Map<number, number>();
  const queue: number[] = [];
  for (const r of rows) {
    if (parents.get(r.id)!.length === 0) {
      depth.set(r.id, 0);
      queue.push(r.id);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const n = queue[head]!;
    const d = depth.get(n)!;
    for (const c of children.get(n) ?? []) {
      if (!depth.has(c)) {
        depth.set(c, d + 1);
        queue.push(c);
      }
    }
  }
  let maxDepth = 0;
  for (const r of rows) {
    if (!depth.has(r.id)) depth.set(r.id, 0);
    maxDepth = Math.max(maxDepth, depth.get(r.id)!);
  }
  const downstream = new Map<number, number>();
  for (const r of rows) downstream.set(r.id, 0);
  const byDepth = [...rows].sort((a, b) => depth.get(b.id)! - depth.get(a.id)!);
  for (const f of byDepth) {
    const own = downstream.get(f.id)!;
    for (const p of parents.get(f.id)!) downstream.set(p, downstream.get(p)! + 1 + own);
  }
  let maxDown = 0;
  for (const v of downstream.values()) maxDown = Math.max(maxDown, v);
  const scores = new Map<number, number>();
  for (const r of rows) {
    const unblock = maxDown === 0 ? 0 : downstream.get(r.id)! / maxDown;
    const depthScore = maxDepth === 0 ? 1 : 1 - depth.get(r.id)! / maxDepth;
    const priorityFactor = (10 - Math.min(r.priority, 10)) / 10;
    scores.set(r.id, 1000 * unblock + 100 * depthScore + 10 * priorityFactor);
  }
  return scores;
}
