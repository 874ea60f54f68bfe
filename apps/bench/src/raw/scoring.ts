/**
 * The Python app's scheduling score (docs/contracts.md, "Scheduling order"), written out by hand
 * for the baseline, step by step as the rule states it: a FIFO breadth-first search from the
 * roots in id order with one queue entry per edge, each feature taking the depth of its first
 * dequeue; downstream counts from the deepest features up, within a depth in visit order then
 * the unreached features in id order; then the weighted sum. `rows` must be in id order.
 * Counts are exact integers as in Python, where they can pass 2^53.
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
  for (const r of rows) children.set(r.id, []);
  for (const r of rows) {
    const ps = r.deps.filter((d) => exists.has(d));
    parents.set(r.id, ps);
    for (const p of ps) children.get(p)!.push(r.id);
  }
  // Insertion order of `depth` is the visit order.
  const depth = new Map<number, number>();
  const queue: [number, number][] = [];
  for (const r of rows) if (parents.get(r.id)!.length === 0) queue.push([r.id, 0]);
  for (let head = 0; head < queue.length; head++) {
    const [node, d] = queue[head]!;
    if (depth.has(node)) continue;
    depth.set(node, d);
    for (const c of children.get(node)!) queue.push([c, d + 1]);
  }
  for (const r of rows) if (!depth.has(r.id)) depth.set(r.id, 0);
  let maxDepth = 0;
  for (const d of depth.values()) maxDepth = Math.max(maxDepth, d);

  // Array.prototype.sort is stable: equal depths keep the visit order.
  const byDepth = [...depth.keys()].sort((a, b) => depth.get(b)! - depth.get(a)!);
  const counted = new Map<number, number>();
  for (const r of rows) counted.set(r.id, 0);
  for (const f of byDepth) {
    for (const p of parents.get(f)!) counted.set(p, counted.get(p)! + 1 + counted.get(f)!);
  }
  let max = 0;
  for (const v of counted.values()) max = Math.max(max, v);
  // Exact while the counts stay below 2^53; past that, counted again as Python does, in BigInt.
  let unblock = (id: number) => (max === 0 ? 0 : counted.get(id)! / max);
  if (max > Number.MAX_SAFE_INTEGER) {
    const exact = new Map<number, bigint>();
    for (const r of rows) exact.set(r.id, 0n);
    for (const f of byDepth) {
      for (const p of parents.get(f)!) exact.set(p, exact.get(p)! + 1n + exact.get(f)!);
    }
    let exactMax = 0n;
    for (const v of exact.values()) if (v > exactMax) exactMax = v;
    unblock = (id) => ratio(exact.get(id)!, exactMax);
  }

  const scores = new Map<number, number>();
  for (const r of rows) {
    const depthScore = maxDepth === 0 ? 1 : 1 - depth.get(r.id)! / maxDepth;
    const priorityFactor = (10 - Math.min(r.priority, 10)) / 10;
    scores.set(r.id, 1000 * unblock(r.id) + 100 * depthScore + 10 * priorityFactor);
  }
  return scores;
}

/**
 * a / b (0 <= a <= b) rounded to the nearest float64 like Python's int / int: the quotient taken
 * in units of 2^-1074 (the smallest float64), cut to 53 significant bits, rounding half to even.
 */
function ratio(a: bigint, b: bigint): number {
  const scaled = a << 1074n;
  const units = scaled / b;
  const rest = scaled - units * b;
  const extra = BigInt(Math.max(0, units.toString(2).length - 53));
  let q = units >> extra;
  // Twice what was cut off (in units of 2^-1074 / b) against the last kept bit's worth.
  const twiceCut = ((units - (q << extra)) * b + rest) * 2n;
  const lastBit = (1n << extra) * b;
  if (twiceCut > lastBit || (twiceCut === lastBit && (q & 1n) === 1n)) q += 1n;
  const exponent = Number(extra) - 1074;
  return exponent >= -1022 ? Number(q) * 2 ** exponent : Number(q) * 2 ** (exponent + 1022) * 2 ** -1022;
}
