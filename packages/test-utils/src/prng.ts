/**
 * mulberry32: tiny, fast and deterministic, so a benchmark's both sides see the same data and a
 * failing torture run can be repeated with the same kill points.
 */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** createPrng with what randomized tests draw: a number in [0, 1), an integer below n, an element of a list. */
export function seededRandom(seed: number) {
  const next = createPrng(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)]!;
    },
  };
}

export function randomInt(next: () => number, minInclusive: number, maxInclusive: number): number {
  return minInclusive + Math.floor(next() * (maxInclusive - minInclusive + 1));
}

/**
 * The seed for a randomized run: FORGEDB_TORTURE_SEED repeats a failing run; otherwise fresh each
 * time, so runs cover new cases. A test puts the seed in every failure message.
 */
export function runSeed(): number {
  const fixed = process.env.FORGEDB_TORTURE_SEED;
  return fixed ? Number(fixed) : Math.floor(Math.random() * 2 ** 31);
}
