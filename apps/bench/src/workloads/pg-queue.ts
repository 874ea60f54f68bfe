import { BENCH_SKIP_PG_VARIABLE, openBenchDatabase } from '../pg/server.js';
import { seedPgProject } from '../pg/seed.js';
import { RAW_PG, figure, type Target } from '../report.js';
import { median } from '../stats.js';
import type { LatencyPair } from '../latency-pair.js';
import { rows, type BenchContext, type Workload } from './context.js';

/** The targets the SQLite figures have (issue 11), held to on the server too. */
const SINGLE_ROW: Target = { kind: 'ratio-max', max: 1.3 };
const READY_P50_MS: Target = { kind: 'value-max', max: 5 };
const WINDOWS = 3;
const WINDOW_MS = 5000;

let projects = 0;
const projectName = (label: string) => `bench_${label}_${++projects}`;

function latencyFigures(ctx: BenchContext, name: string, pair: LatencyPair, p50Target?: Target): void {
  ctx.add(figure(`pg ${name}: p50`, pair.forgedb.p50, 'ms', pair.raw.p50, p50Target, RAW_PG));
  ctx.add(figure(`pg ${name}: p95`, pair.forgedb.p95, 'ms', pair.raw.p95, undefined, RAW_PG));
}

async function latencies(ctx: BenchContext, url: string, n: number): Promise<void> {
  const forgeProject = projectName('latency_forgedb');
  const rawProject = projectName('latency_raw');
  await seedPgProject(url, forgeProject, n, ctx.seed);
  await seedPgProject(url, rawProject, n, ctx.seed);
  const { result } = await ctx.runChild<Record<string, LatencyPair>>('pgQueueLatency', {
    url,
    forgeProject,
    rawProject,
    samples: 300,
    // The raw baseline re-reads and re-ranks the whole graph per call: fewer samples keep the run short.
    readySamples: 100,
    seed: ctx.seed,
    count: n,
  });
  const k = rows(n);
  latencyFigures(ctx, `ready(limit 10) on ${k}, unchanged since last call`, result.readyWarm!, READY_P50_MS);
  latencyFigures(
    ctx,
    `ready(limit 10) on ${k}, after another connection changed a status`,
    result.readyAfterWrite!,
    READY_P50_MS,
  );
  latencyFigures(ctx, `get(id) on ${k}`, result.get!, SINGLE_ROW);
  latencyFigures(ctx, `claim(id) + release on ${k}`, result.claimRelease!, SINGLE_ROW);
}

/** N processes claim and pass on a freshly seeded project for one window; completed pairs per second. */
async function throughputWindow(
  ctx: BenchContext,
  url: string,
  n: number,
  variant: 'forgedb' | 'raw',
  processes: number,
): Promise<number> {
  const project = projectName(`claims_${variant}_${processes}`);
  await seedPgProject(url, project, n, ctx.seed);
  const before = await ctx.runChild<{ passing: number }>('pgPassingCount', { url, project });
  const outcomes = await ctx.runTogether<{ done: number }>(
    'pgClaimLoop',
    Array.from({ length: processes }, (_, i) => ({
      variant,
      url,
      project,
      agent: `agent-${i}`,
      durationMs: WINDOW_MS,
    })),
  );
  const done = outcomes.reduce((s, o) => s + o.result.done, 0);
  // No lost update: each completed claim is exactly one more passing feature, and nothing stays claimed.
  const after = await ctx.runChild<{ passing: number; inProgress: number }>('pgPassingCount', {
    url,
    project,
  });
  if (after.result.passing - before.result.passing !== done || after.result.inProgress !== 0) {
    throw new Error(
      `pg ${variant} x${processes}: ${done} claims completed but passing went ${before.result.passing} -> ${after.result.passing}, ${after.result.inProgress} left in progress`,
    );
  }
  return done / (WINDOW_MS / 1000);
}

async function throughput(
  ctx: BenchContext,
  url: string,
  n: number,
  variant: 'forgedb' | 'raw',
  processes: number,
): Promise<number> {
  const windows: number[] = [];
  for (let w = 0; w < WINDOWS; w++) windows.push(await throughputWindow(ctx, url, n, variant, processes));
  ctx.log(`pg ${variant} x${processes}: ${windows.map((x) => x.toFixed(0)).join(', ')} ops/s`);
  return median(windows);
}

export const pgQueueWorkload: Workload = {
  name: 'pg-queue',
  description:
    'PostgreSQL: the same 10k-feature backlog in one project per side on one server: ready/get/claim latencies, claimNext+markPassing from 1, 4 and 8 processes (median of three 5-second windows), beside raw pg statements',
  async run(ctx) {
    if (process.env[BENCH_SKIP_PG_VARIABLE] === '1') {
      ctx.log(
        `pg-queue skipped: ${BENCH_SKIP_PG_VARIABLE}=1, so there are no PostgreSQL figures in this run`,
      );
      return;
    }
    const database = await openBenchDatabase();
    ctx.log(`pg-queue on ${database.described}`);
    try {
      const n = ctx.size(10_000);
      await latencies(ctx, database.url, n);
      const perProcess: Record<number, number> = {};
      for (const processes of [1, 4, 8]) {
        const f = await throughput(ctx, database.url, n, 'forgedb', processes);
        const r = await throughput(ctx, database.url, n, 'raw', processes);
        perProcess[processes] = f;
        ctx.add(
          figure(
            `pg claimNext + markPassing on ${rows(n)}, ${processes} process${processes > 1 ? 'es' : ''}`,
            f,
            'ops/s',
            r,
            undefined,
            RAW_PG,
          ),
        );
      }
      // Claims must scale with agents (issue 11): 8 processes against 1, both forgedb, same run.
      ctx.add(
        figure(
          `pg claimNext + markPassing on ${rows(n)}, 8 processes / 1 process`,
          perProcess[8]!,
          'ops/s',
          perProcess[1]!,
          { kind: 'ratio-min', min: 0.8 },
          'forgedb, 1 process',
        ),
      );
    } finally {
      await database.close();
    }
  },
};
