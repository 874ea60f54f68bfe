/** mulberry32: tiny, fast and deterministic, so every run (and the raw baseline) sees the same data. */
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

export function randomInt(next: () => number, minInclusive: number, maxInclusive: number): number {
  return minInclusive + Math.floor(next() * (maxInclusive - minInclusive + 1));
}
