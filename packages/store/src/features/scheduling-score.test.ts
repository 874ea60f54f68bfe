import { describe, expect, it } from 'vitest';
import { pythonScores } from '../../test/python-scores.js';
import {
  computeSchedulingScores,
  divideRounded,
  rankPositions,
  schedulingOrder,
  schedulingScores,
  type ScoreInput,
} from './scheduling-score.js';

const f = (id: number, priority: number, dependencies: number[] = []): ScoreInput => ({
  id,
  priority,
  dependencies,
});
const order = (features: ScoreInput[]) =>
  [...schedulingOrder(features, schedulingScores(features))].map((i) => features[i]!.id);

describe('computeSchedulingScores: the Python app’s own results', () => {
  it('has all 63 graphs of the fixture', () => {
    expect(pythonScores).toHaveLength(63);
  });

  it.each(pythonScores.map((c) => [c.name, c] as const))(
    '%s: every score bit for bit, and the full order',
    (_, c) => {
      const scores = computeSchedulingScores(c.features);
      expect(scores.size).toBe(c.features.length);
      for (const feature of c.features) {
        // toBe is Object.is: the same float64, not a close one.
        expect(scores.get(feature.id), `score of ${feature.id}`).toBe(c.scores[String(feature.id)]);
      }
      expect(order(c.features)).toEqual(c.order);
    },
  );

  it('smallest case: 1, 2, 3 -> [2], 4 -> [1, 3] ranks 2 (1105) before 1 (605)', () => {
    const features = [f(1, 5), f(2, 5), f(3, 5, [2]), f(4, 5, [1, 3])];
    const scores = computeSchedulingScores(features);
    // BFS: 1, 2 (roots), then 4 (child of 1, depth 1), 3 (child of 2, depth 1). Depth 1 in that
    // order: 4 gives 1 to both 1 and 3; then 3 gives 1 + 1 to 2. Downstream 1: 1, 2: 2, 3: 1.
    expect(scores.get(1)).toBe(500 + 100 + 5);
    expect(scores.get(2)).toBe(1000 + 100 + 5);
    expect(scores.get(3)).toBe(500 + 0 + 5);
    expect(scores.get(4)).toBe(0 + 0 + 5);
    expect(order(features)).toEqual([2, 1, 3, 4]);
  });
});

// Every expected score below is worked out by hand from the rule in docs/contracts.md.
describe('computeSchedulingScores', () => {
  it('is empty for no features', () => {
    expect(computeSchedulingScores([]).size).toBe(0);
  });

  it('chain 1 <- 2 <- 3: depth 0,1,2 and downstream 2,1,0', () => {
    const scores = computeSchedulingScores([f(1, 1), f(2, 2, [1]), f(3, 3, [2])]);
    // 1: 1000*(2/2) + 100*(1-0/2) + 10*(9/10); 2: 1000*(1/2) + 100*(1-1/2) + 10*(8/10); 3: 0 + 0 + 10*(7/10)
    expect(scores.get(1)).toBe(1109);
    expect(scores.get(2)).toBe(558);
    expect(scores.get(3)).toBe(7);
  });

  it('diamond counts both paths into the root', () => {
    const scores = computeSchedulingScores([f(1, 5), f(2, 5, [1]), f(3, 5, [1]), f(4, 5, [2, 3])]);
    // downstream: 4 -> 2 and 3 get 1 each; 2 and 3 each give 1 + 1 to 1, so 1 has 4.
    expect(scores.get(1)).toBe(1000 + 100 + 5);
    expect(scores.get(2)).toBe(250 + 50 + 5);
    expect(scores.get(3)).toBe(250 + 50 + 5);
    expect(scores.get(4)).toBe(0 + 0 + 5);
  });

  it('cycle members are unreached (depth 0), processed after the reached ones in id order', () => {
    const scores = computeSchedulingScores([f(1, 1, [2]), f(2, 1, [1]), f(3, 1)]);
    // max depth 0 -> depth_score 1 everywhere; 3 (reached) first, then 1: ds[2] = 1; then 2: ds[1] = 1 + 1 = 2.
    expect(scores.get(1)).toBe(1000 + 100 + 9);
    expect(scores.get(2)).toBe(500 + 100 + 9);
    expect(scores.get(3)).toBe(0 + 100 + 9);
  });

  it('ignores dependencies on features that do not exist', () => {
    const withMissing = computeSchedulingScores([f(1, 4, [99]), f(2, 4)]);
    const without = computeSchedulingScores([f(1, 4), f(2, 4)]);
    expect(withMissing).toEqual(without);
    expect(withMissing.get(1)).toBe(100 + 6);
  });

  it('caps the priority factor at priorities above 10 and breaks ties by priority, then id', () => {
    const scores = computeSchedulingScores([f(1, 15), f(2, 12), f(3, 3), f(4, 12)]);
    expect(scores.get(1)).toBe(100);
    expect(scores.get(2)).toBe(100);
    expect(scores.get(3)).toBe(107);
    expect(order([f(1, 15), f(2, 12), f(3, 3), f(4, 12)])).toEqual([3, 2, 4, 1]);
  });

  it('puts the feature that unblocks the most work first, whatever its priority', () => {
    // 5 (priority 50) unblocks 6 and 7; 1..4 (priority 1) unblock nothing.
    const features = [f(1, 1), f(2, 1), f(3, 1), f(4, 1), f(5, 50), f(6, 2, [5]), f(7, 2, [5])];
    expect(order(features)[0]).toBe(5);
  });

  it('processes a depth in BFS visit order (here the same as id order)', () => {
    // 2 depends on 1; 3 depends on 1 and 2. Both have depth 1, and 2 is a parent of 3 at the same depth,
    // so the processing order decides whether 3's contribution reaches 1 through 2.
    const scores = computeSchedulingScores([f(1, 10), f(2, 10, [1]), f(3, 10, [1, 2])]);
    // Visit order 1, 2, 3: 2 first (ds[1] += 1 + 0), then 3 (ds[1] += 1, ds[2] += 1): ds = {1: 2, 2: 1, 3: 0}.
    // Processing 3 first would have given ds[1] = 3.
    expect(scores.get(1)).toBe(1000 + 100);
    expect(scores.get(2)).toBe(500 + 0);
    expect(scores.get(3)).toBe(0);
  });

  it('enqueues a repeated dependency once per entry and counts it twice', () => {
    // 2 lists 1 twice: 1 gets 1 + 0 twice.
    const scores = computeSchedulingScores([f(1, 5), f(2, 5, [1, 1]), f(3, 5, [1])]);
    // ds = {1: 3, 2: 0, 3: 0}: 1000 + 100 + 5; 2 and 3: 0 + 0 + 5.
    expect(scores.get(1)).toBe(1105);
    expect(scores.get(2)).toBe(5);
  });

  it('re-reads a self-dependent feature’s count for each entry, as Python’s += does', () => {
    // 2 depends on 1 and twice on itself, so it is reached from 1 (depth 1). Processing 2:
    // ds[1] += 1 + 0; ds[2] += 1 + 0 -> 1; ds[2] += 1 + 1 -> 3.
    const scores = computeSchedulingScores([f(1, 10), f(2, 10, [1, 2, 2])]);
    expect(scores.get(2)).toBe(1000 + 0);
    expect(scores.get(1)).toBe(1000 * (1 / 3) + 100);
  });

  it('counts exactly beyond 2^53 and float64’s range, as Python’s integers do', () => {
    // A ladder: a pair of features per level, each depending on both of the level above, so the
    // root's count doubles per level: about 2^1101 after 1100 levels, far beyond float64 (Infinity).
    const ladder = (levels: number) => {
      const features = [f(1, 1)];
      for (let level = 1; level <= levels; level++) {
        const above = level === 1 ? [1] : [2 * level - 2, 2 * level - 1];
        features.push(f(2 * level, 5, above), f(2 * level + 1, 5, above));
      }
      return features;
    };
    for (const levels of [60, 1100]) {
      const scores = schedulingScores(ladder(levels));
      for (const s of scores) expect(Number.isFinite(s)).toBe(true);
      // The root unblocks the most, its two children exactly half as much each (Python: 1/2 of the max,
      // give or take one part in 2^levels, which rounds to exactly 0.5 at these sizes).
      expect(scores[0]).toBe(1000 + 100 + 9);
      expect(scores[1]).toBe(500 + 100 * (1 - 1 / levels) + 5);
    }
  });
});

/** The ready order's definition, as the comparison sort over positions gives it (a NaN included). */
function comparisonOrder(scores: Float64Array, priorities: Float64Array, ids: Float64Array): number[] {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  return [
    ...order.sort((a, b) => scores[b]! - scores[a]! || priorities[a]! - priorities[b]! || ids[a]! - ids[b]!),
  ];
}

describe('rankPositions', () => {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;

  it('gives the comparison sort’s order, with ties, signed zeros and infinities', () => {
    const scoreValues = [0, -0, 1105, 605.5, 1 / 3, Infinity, -Infinity, 1e-300, 7];
    const priorityValues = [0, -0, 1, 2, 10, 50, -3, Infinity, -Infinity, 2.5];
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(random() * 60);
      const scores = Float64Array.from({ length: n }, () =>
        random() < 0.8 ? pick(scoreValues) : random() * 1000,
      );
      const priorities = Float64Array.from({ length: n }, () => pick(priorityValues));
      let id = 0;
      // Ascending ids with gaps, as a backlog in id order has.
      const ids = Float64Array.from({ length: n }, () => (id += 1 + Math.floor(random() * 3)));
      expect([...rankPositions(scores, priorities, ids)], `round ${round}`).toEqual(
        comparisonOrder(scores, priorities, ids),
      );
    }
  });

  it('falls back to the comparison sort for a NaN or ids out of order', () => {
    const scores = Float64Array.of(5, NaN, 5, 3, 9, NaN);
    const priorities = Float64Array.of(1, 2, NaN, 1, 0, 3);
    const ids = Float64Array.of(1, 2, 3, 4, 5, 6);
    expect([...rankPositions(scores, priorities, ids)]).toEqual(comparisonOrder(scores, priorities, ids));
    const shuffled = Float64Array.of(4, 2, 6, 1, 5, 3);
    const plain = Float64Array.of(5, 5, 5, 3, 9, 3);
    expect([...rankPositions(plain, Float64Array.of(1, 1, 1, 1, 0, 1), shuffled)]).toEqual(
      comparisonOrder(plain, Float64Array.of(1, 1, 1, 1, 0, 1), shuffled),
    );
  });
});

describe('divideRounded', () => {
  it('rounds a / b to the nearest float64, ties to even, for any size of integer', () => {
    expect(divideRounded(0n, 7n)).toBe(0);
    expect(divideRounded(7n, 7n)).toBe(1);
    expect(divideRounded(1n, 3n)).toBe(1 / 3);
    expect(divideRounded(2n, 3n)).toBe(2 / 3);
    const big = 3n ** 700n;
    expect(divideRounded(big / 3n, big)).toBe(1 / 3);
    // 2^53 + 1 over 2^54: exactly halfway between two float64s, rounds to the even one (0.5).
    expect(divideRounded(2n ** 53n + 1n, 2n ** 54n)).toBe(0.5);
    expect(divideRounded(2n ** 53n + 3n, 2n ** 54n)).toBe(0.5 + 2 ** -52);
    // Subnormal and underflowing results.
    expect(divideRounded(1n, 2n ** 1074n)).toBe(2 ** -1074);
    expect(divideRounded(3n, 2n ** 1075n)).toBe(2 ** -1073);
    expect(divideRounded(1n, 2n ** 1076n)).toBe(0);
  });
});
