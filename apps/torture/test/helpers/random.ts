/** mulberry32: a seeded sequence, so a failing run can be repeated with the same kill points. */
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

/** The seed for this run: FORGEDB_TORTURE_SEED repeats a failing run; otherwise fresh each time. */
export function runSeed(): number {
  const fixed = process.env.FORGEDB_TORTURE_SEED;
  return fixed ? Number(fixed) : Math.floor(Math.random() * 2 ** 31);
}
