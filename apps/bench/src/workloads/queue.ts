import path from 'node:path';
import { copyProject, featuresFile, fillBacklog, newProject } from '../fixtures.js';
import type { LatencyPair } from '../latency-pair.js';
import { figure, type Target } from '../report.js';
import { median } from '../stats.js';
import { rows, type BenchContext, type Workload } from './context.js';

const SINGLE_ROW: Target = { kind: 'ratio-max', max: 1.3 };
const READY_P50_MS: Target = { kind: 'value-max', max: 5 };

function latencyFigures(ctx: BenchContext, name: string, pair: LatencyPair, p50Target?: Target): void {
  ctx.add(figure(`${name}: p50`, pair.forgedb.p50, 'ms', pair.raw.p50, p50Target));
  ctx.add(figure(`${name}: p95`, pair.forgedb.p95, 'ms', pair.raw.p95));
}

async function latencies(ctx: BenchContext, template: string, n: number): Promise<void> {
  const forge = copyProject(template, path.join(ctx.root, 'latency-forgedb'));
  const raw = copyProject(template, path.join(ctx.root, 'latency-raw'));
  const { result } = await ctx.runChild<Record<string, LatencyPair>>('queueLatency', {
    forgeFile: featuresFile(forge),
    rawFile: featuresFile(raw),
    samples: 300,
    // The raw baseline recomputes the whole graph per call: fewer samples keep the run short.
    readySamples: 100,
    seed: ctx.seed,
  });
  const k = rows(n);
  latencyFigures(ctx, `ready(limit 10) on ${k}, unchanged since last call`, result.readyWarm!, READY_P50_MS);
  latencyFigures(
    ctx,
    `ready(limit 10) on ${k}, after another process wrote`,
    result.readyAfterWrite!,
    READY_P50_MS,
  );
  latencyFigures(ctx, `stats on ${k}`, result.stats!);
  latencyFigures(ctx, `get(id) on ${k}`, result.get!, SINGLE_ROW);
  latencyFigures(ctx, `claim(id) + release on ${k}`, result.claimRelease!, SINGLE_ROW);
  latencyFigures(ctx, `create (one feature) on ${k}`, result.create!, SINGLE_ROW);
}

interface LoopResult {
  done: number;
  empty: number;
  activeMs: number;
}

/** forgedb, the raw queue, or the raw claim and pass UPDATEs alone (no ready computation). */
type ClaimVariant = 'forgedb' | 'raw' | 'bare';

/** Each throughput figure is the median of this many windows, each on a fresh copy of the backlog. */
const WINDOWS = 3;
const WINDOW_MS = 5000;

/** N processes claim and pass for the same wall-clock window; returns completed pairs per second. */
async function throughputWindow(
  ctx: BenchContext,
  template: string,
  variant: ClaimVariant,
  processes: number,
  window: number,
): Promise<number> {
  const project = copyProject(template, path.join(ctx.root, `claims-${variant}-${processes}-${window}`));
  const file = featuresFile(project);
  const before = await ctx.runChild<{ passing: number }>('passingCount', { file });
  const durationMs = WINDOW_MS;
  const outcomes = await ctx.runTogether<LoopResult>(
    variant === 'bare' ? 'bareClaimLoop' : 'claimLoop',
    Array.from({ length: processes }, (_, i) => ({
      variant,
      file,
      agent: `agent-${i}`,
      slot: i,
      slots: processes,
      durationMs,
    })),
  );
  const done = outcomes.reduce((s, o) => s + o.result.done, 0);
  // No lost update: each completed claim is exactly one more passing feature, and nothing stays claimed.
  const after = await ctx.runChild<{ passing: number; inProgress: number }>('passingCount', { file });
  if (after.result.passing - before.result.passing !== done || after.result.inProgress !== 0) {
    throw new Error(
      `${variant} x${processes}: ${done} claims completed but passing went ${before.result.passing} -> ${after.result.passing}, ${after.result.inProgress} left in progress`,
    );
  }
  // Until the last pair completed: a backlog drained before the window ended caps `done`.
  const activeMs = Math.max(...outcomes.map((o) => o.result.activeMs));
  return activeMs > 0 ? done / (activeMs / 1000) : 0;
}

async function throughput(
  ctx: BenchContext,
  template: string,
  variant: ClaimVariant,
  processes: number,
): Promise<number> {
  const windows: number[] = [];
  for (let w = 0; w < WINDOWS; w++)
    windows.push(await throughputWindow(ctx, template, variant, processes, w));
  ctx.log(`${variant} x${processes}: ${windows.map((x) => x.toFixed(0)).join(', ')} ops/s`);
  return median(windows);
}

export const queueWorkload: Workload = {
  name: 'queue',
  description:
    'a 10k-feature backlog with a random dependency DAG: ready/stats/single-row latencies, claimNext+markPassing from 1, 4 and 8 processes (median of three 5-second windows)',
  async run(ctx) {
    const n = ctx.size(10_000);
    const template = newProject(ctx.root, 'queue-template', 'features');
    fillBacklog(featuresFile(template), n, ctx.seed);
    await latencies(ctx, template, n);
    const perProcess: Record<number, number> = {};
    for (const processes of [1, 4, 8]) {
      const f = await throughput(ctx, template, 'forgedb', processes);
      const r = await throughput(ctx, template, 'raw', processes);
      perProcess[processes] = f;
      ctx.add(
        figure(
          `claimNext + markPassing on ${rows(n)}, ${processes} process${processes > 1 ? 'es' : ''}`,
          f,
          'ops/s',
          r,
        ),
      );
    }
    // Claims must scale with agents (issue 11): 8 processes against 1, both forgedb, same run.
    ctx.add(
      figure(
        `claimNext + markPassing on ${rows(n)}, 8 processes / 1 process`,
        perProcess[8]!,
        'ops/s',
        perProcess[1]!,
        { kind: 'ratio-min', min: 0.8 },
        'forgedb, 1 process',
      ),
    );
    // What the write lock alone leaves at 8 processes, for scale: the two UPDATEs and nothing else.
    const bare1 = await throughput(ctx, template, 'bare', 1);
    const bare8 = await throughput(ctx, template, 'bare', 8);
    ctx.add(
      figure(
        `raw claim and pass UPDATEs alone (no ready computation), 8 processes / 1 process`,
        bare8,
        'ops/s',
        bare1,
        undefined,
        'the same, 1 process',
      ),
    );
  },
};
