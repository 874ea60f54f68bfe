/** Up to this many, the first rows in ready order are selected in one pass rather than sorted. */
export const SELECTION_LIMIT = 32;

/** The columns the ready order reads, per position: score desc, then priority asc, then id asc. */
export interface RankColumns {
  scores: Float64Array;
  priorities: Float64Array;
  ids: Float64Array;
}

/**
 * The first `limit` (at most SELECTION_LIMIT) of the positions 0..count-1 that `keep` accepts, in
 * ready order, and how many it accepts in all: one pass that keeps the best few in a sorted
 * window, so neither `ready(limit 10)` nor `claimNext` needs the whole order. The comparison is
 * the ready order's own (score desc, priority asc, id asc), for NaN-free columns: equal values,
 * including two equal infinities, tie as they do in the sort.
 */
export function selectFirst(
  { scores, priorities, ids }: RankColumns,
  count: number,
  limit: number,
  keep: (position: number) => boolean,
): { positions: number[]; total: number } {
  const before = (a: number, b: number) => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (sa !== sb) return sa > sb;
    const pa = priorities[a]!;
    const pb = priorities[b]!;
    return pa !== pb ? pa < pb : ids[a]! < ids[b]!;
  };
  const window: number[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (!keep(i)) continue;
    total++;
    if (window.length === limit && (limit === 0 || !before(i, window[limit - 1]!))) continue;
    let k = window.length === limit ? limit - 1 : window.length;
    while (k > 0 && before(i, window[k - 1]!)) {
      window[k] = window[k - 1]!;
      k--;
    }
    window[k] = i;
  }
  return { positions: window, total };
}
