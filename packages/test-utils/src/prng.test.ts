import { describe, expect, it } from 'vitest';
import { createPrng, randomInt, seededRandom } from './prng.js';

describe('seeded data', () => {
  it('repeats the same sequence for the same seed, so both sides of a figure see the same data', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
    expect(new Set(xs).size).toBe(100);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws integers inside the inclusive range', () => {
    const next = createPrng(7);
    const seen = new Set(Array.from({ length: 1000 }, () => randomInt(next, 3, 5)));
    expect([...seen].sort()).toEqual([3, 4, 5]);
  });

  it('seededRandom draws from the same sequence: integers below n, elements of a list', () => {
    const r = seededRandom(9);
    const plain = createPrng(9);
    expect(r.next()).toBe(plain());
    const ints = new Set(Array.from({ length: 1000 }, () => r.int(3)));
    expect([...ints].sort()).toEqual([0, 1, 2]);
    const picked = new Set(Array.from({ length: 1000 }, () => r.pick(['a', 'b'])));
    expect([...picked].sort()).toEqual(['a', 'b']);
  });
});
