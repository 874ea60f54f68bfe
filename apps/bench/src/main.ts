import { rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { runChild, runTogether } from './child.js';
import { Reporter, formatTable } from './report.js';
import { workloads, type BenchContext } from './workloads/index.js';
import { tempDir } from './fixtures.js';

/**
 * `pnpm bench`: every workload runs forgedb and the same operation written with raw
 * better-sqlite3 on identical seeded data in the same run, so ratios hold on a noisy machine.
 * FORGEDB_BENCH_SCALE (default 1) shrinks every size for a quick smoke run;
 * FORGEDB_BENCH_ONLY=name,name runs a subset.
 */
const scale = Number(process.env.FORGEDB_BENCH_SCALE ?? '1');
const only = process.env.FORGEDB_BENCH_ONLY?.split(',').filter(Boolean);
const resultsFile =
  process.env.FORGEDB_BENCH_OUT ?? path.resolve(import.meta.dirname, '../../../bench-results/latest.jsonl');

const reporter = new Reporter(resultsFile);
const root = tempDir();
const ctx: BenchContext = {
  root,
  seed: 20_240_611,
  size: (n) => Math.max(100, Math.round(n * scale)),
  add: (f) => reporter.add(f),
  runChild,
  runTogether,
  log: (msg) => process.stderr.write(`[bench] ${msg}\n`),
};

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
ctx.log(`node ${process.version}, ${availableParallelism()} CPUs, load average ${load()}`);
const started = Date.now();
try {
  for (const w of workloads) {
    if (only && !only.includes(w.name)) continue;
    const t = Date.now();
    ctx.log(`${w.name}: ${w.description}`);
    await w.run(ctx);
    ctx.log(`${w.name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
process.stderr.write(`\n${formatTable(reporter.figures)}\n\n`);
const missed = reporter.figures.filter((f) => f.met === false);
process.stderr.write(
  `${reporter.figures.length} figures in ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
    `${missed.length} target(s) missed${missed.length ? `: ${missed.map((f) => f.name).join('; ')}` : ''}. ` +
    `Load average at the end: ${load()}. JSON lines: ${resultsFile}\n`,
);
