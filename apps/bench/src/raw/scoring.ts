/**
 * The Python app's scheduling score (docs/contracts.md, "Scheduling order"), written out by hand
 * for the baseline, step by step as the rule states it: a FIFO breadth-first search from the
 * roots in id order with one queue entry per edge, each feature taking the depth of its first
 * dequeue; downstream counts from the deepest features up, within a depth in visit order then
 * the unreached features in id order; then the weighted sum. `rows` must be in id order.
 * Counts are exact integers (BigInt) as in Python; they can pass 2^53.
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

  const downstream = new Map<number, bigint>();
  for (const r of rows) downstream.set(r.id, 0n);
  // Array.prototype.sort is stable: equal depths keep the visit order.
  const byDepth = [...depth.keys()].sort((a, b) => depth.get(b)! - depth.get(a)!);
  for (const f of byDepth) {
    for (const p of parents.get(f)!) downstream.set(p, downstream.get(p)! + 1n + downstream.get(f)!);
  }
  let maxDown = 0n;
  for (const v of downstream.values()) if (v > maxDown) maxDown = v;

  const scores = new Map<number, number>();
  for (const r of rows) {
    const unblock = maxDown === 0n ? 0 : ratio(downstream.get(r.id)!, maxDown);
    const depthScore = maxDepth === 0 ? 1 : 1 - depth.get(r.id)! / maxDepth;
    const priorityFactor = (10 - Math.min(r.priority, 10)) / 10;
    scores.set(r.id, 1000 * unblock + 100 * depthScore + 10 * priorityFactor);
  }
  return scores;
}

/**
 * a / b (0 <= a <= b) rounded to the nearest float64 like Python's int / int: below 2^53 one float
 * division is exact; above, the quotient is taken in units of 2^-1074 (the smallest float64) and
 * cut to 53 significant bits, rounding half to even.
 */
function ratio(a: bigint, b: bigint): number {
  if (b <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(a) / Number(b);
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
