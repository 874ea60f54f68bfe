import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BenchContext } from './context.js';
import { pgQueueWorkload } from './pg-queue.js';

describe('pg-queue workload', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('with FORGEDB_BENCH_SKIP_PG=1 measures nothing, starts no server, and says so', async () => {
    vi.stubEnv('FORGEDB_BENCH_SKIP_PG', '1');
    const logged: string[] = [];
    const unexpected = () => {
      throw new Error('nothing may run when PostgreSQL is skipped');
    };
    const ctx: BenchContext = {
      root: '/nonexistent',
      seed: 1,
      size: (n) => n,
      add: unexpected,
      runChild: unexpected,
      runTogether: unexpected,
      log: (m) => logged.push(m),
    };
    await pgQueueWorkload.run(ctx);
    expect(logged).toEqual([expect.stringContaining('FORGEDB_BENCH_SKIP_PG=1')]);
    expect(logged[0]).toMatch(/no PostgreSQL figures/);
  });
});
