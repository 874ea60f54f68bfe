import { describe, expect, it } from 'vitest';
import { byScheduling, computeSchedulingScores, type ScoreInput } from './scheduling-score.js';

const f = (id: number, priority: number, dependencies: number[] = []): ScoreInput => ({
  id,
  priority,
  dependencies,
});
const order = (features: ScoreInput[]) => {
  const scores = computeSchedulingScores(features);
  return [...features].sort(byScheduling(scores)).map((x) => x.id);
};

// Every expected score below is worked out by hand from the formula in spec section 7.
describe('computeSchedulingScores', () => {
  it('is empty for no features', () => {
    expect(computeSchedulingScores([]).size).toBe(0);
  });

  it('chain 1 <- 2 <- 3: depth 0,1,2 and downstream 2,1,0', () => {
    const scores = computeSchedulingScores([f(1, 1), f(2, 2, [1]), f(3, 3, [2])]);
    // 1: 1000*(2/2) + 100*(1-0/2) + 10*(9/10); 2: 1000*(1/2) + 100*(1-1/2) + 10*(8/10); 3: 0 + 0 + 10*(7/10)
    expect(scores.get(1)).toBeCloseTo(1109, 10);
    expect(scores.get(2)).toBeCloseTo(558, 10);
    expect(scores.get(3)).toBeCloseTo(7, 10);
  });

  it('diamond counts both paths into the root', () => {
    const scores = computeSchedulingScores([f(1, 5), f(2, 5, [1]), f(3, 5, [1]), f(4, 5, [2, 3])]);
    // downstream: 4 -> 2 and 3 get 1 each; 2 and 3 each give 1 + 1 to 1, so 1 has 4.
    expect(scores.get(1)).toBeCloseTo(1000 + 100 + 5, 10);
    expect(scores.get(2)).toBeCloseTo(250 + 50 + 5, 10);
    expect(scores.get(3)).toBeCloseTo(250 + 50 + 5, 10);
    expect(scores.get(4)).toBeCloseTo(0 + 0 + 5, 10);
  });

  it('cycle members are unreached (depth 0) and feed each other in id order', () => {
    const scores = computeSchedulingScores([f(1, 1, [2]), f(2, 1, [1]), f(3, 1)]);
    // max depth 0 -> depth_score 1 everywhere; id 1 first: ds[2] = 1; then id 2: ds[1] = 1 + 1 = 2.
    expect(scores.get(1)).toBeCloseTo(1000 + 100 + 9, 10);
    expect(scores.get(2)).toBeCloseTo(500 + 100 + 9, 10);
    expect(scores.get(3)).toBeCloseTo(0 + 100 + 9, 10);
  });

  it('ignores dependencies on features that do not exist', () => {
    const withMissing = computeSchedulingScores([f(1, 4, [99]), f(2, 4)]);
    const without = computeSchedulingScores([f(1, 4), f(2, 4)]);
    expect(withMissing).toEqual(without);
    expect(withMissing.get(1)).toBeCloseTo(100 + 6, 10);
  });

  it('caps the priority factor at priorities above 10 and breaks ties by priority, then id', () => {
    const scores = computeSchedulingScores([f(1, 15), f(2, 12), f(3, 3), f(4, 12)]);
    expect(scores.get(1)).toBe(100);
    expect(scores.get(2)).toBe(100);
    expect(scores.get(3)).toBeCloseTo(107, 10);
    expect(order([f(1, 15), f(2, 12), f(3, 3), f(4, 12)])).toEqual([3, 2, 4, 1]);
  });

  it('puts the feature that unblocks the most work first, whatever its priority', () => {
    // 5 (priority 50) unblocks 6 and 7; 1..4 (priority 1) unblock nothing.
    const features = [f(1, 1), f(2, 1), f(3, 1), f(4, 1), f(5, 50), f(6, 2, [5]), f(7, 2, [5])];
    expect(order(features)[0]).toBe(5);
  });

  it('processes equal depths in input order, as Python’s stable sort does', () => {
    // 2 depends on 1; 3 depends on 1 and 2. Both have depth 1, and 2 is a parent of 3 at the same depth,
    // so the processing order decides whether 3's contribution reaches 1 through 2.
    const scores = computeSchedulingScores([f(1, 10), f(2, 10, [1]), f(3, 10, [1, 2])]);
    // Input order: 2 first (ds[1] += 1 + 0), then 3 (ds[1] += 1, ds[2] += 1): ds = {1: 2, 2: 1, 3: 0}.
    // Processing 3 first would have given ds[1] = 3.
    expect(scores.get(1)).toBeCloseTo(1000 + 100, 10);
    expect(scores.get(2)).toBeCloseTo(500 + 0, 10);
    expect(scores.get(3)).toBeCloseTo(0, 10);
  });
});
