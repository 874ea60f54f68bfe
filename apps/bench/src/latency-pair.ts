import { nowMs, percentile } from './stats.js';

export interface Latency {
  p50: number;
  p95: number;
}

export interface LatencyPair {
  forgedb: Latency;
  raw: Latency;
}

export const summarize = (xs: number[]): Latency => ({ p50: percentile(xs, 50), p95: percentile(xs, 95) });

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

/**
 * Interleaves the two sides sample by sample (forgedb, raw, forgedb, ...) after a warm-up as long
 * as the sample, so a noisy neighbour or a GC pause hits both alike. `before` runs untimed ahead
 * of each sample. A synchronous raw side (better-sqlite3) is timed without an await: one would add
 * a turn of the microtask queue to the baseline alone.
 */
export async function pair(
  samples: number,
  forge: (i: number) => Promise<unknown>,
  raw: (i: number) => unknown,
  before?: (i: number) => unknown,
): Promise<LatencyPair> {
  const f: number[] = [];
  const r: number[] = [];
  // As many untimed calls as timed ones (docs/decisions/0022-bench-warm-up-as-long-as-the-sample.md).
  for (let i = 0; i < samples; i++) {
    await forge(i);
    const warm = raw(i);
    if (isThenable(warm)) await warm;
  }
  for (let i = 0; i < samples; i++) {
    const setup = before?.(i);
    if (isThenable(setup)) await setup;
    let t = nowMs();
    await forge(i);
    f.push(nowMs() - t);
    t = nowMs();
    const done = raw(i);
    if (isThenable(done)) await done;
    r.push(nowMs() - t);
  }
  return { forgedb: summarize(f), raw: summarize(r) };
}
