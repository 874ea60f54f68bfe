import { copyFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildOutcome } from '../child.js';
import { copyProject, featuresFile, fillBacklog, newProject } from '../fixtures.js';
import { writeFeatureListJson } from '@forgedb/test-utils';
import { figure } from '../report.js';
import { rows, type BenchContext, type Workload } from './context.js';

interface Timed {
  ms: number;
  count: number;
}

const RSS_LIMIT_MB = 200;

/** Both sides must have handled all `n` features before their time and peak RSS are worth reporting. */
function report(
  ctx: BenchContext,
  op: 'export' | 'import',
  n: number,
  f: ChildOutcome<Timed>,
  r: ChildOutcome<Timed>,
  isTarget: boolean,
): void {
  if (f.result.count !== n || r.result.count !== n)
    throw new Error(`${op} counted ${f.result.count}/${r.result.count}, expected ${n}`);
  ctx.add(figure(`${op} ${rows(n)} features: time`, f.result.ms, 'ms', r.result.ms));
  ctx.add(
    figure(
      `${op} ${rows(n)} features: peak RSS`,
      f.peakRssMb,
      'MB',
      r.peakRssMb,
      isTarget ? { kind: 'value-max', max: RSS_LIMIT_MB } : undefined,
    ),
  );
}

async function exportAt(ctx: BenchContext, n: number, isTarget: boolean): Promise<void> {
  const source = newProject(ctx.root, `export-${n}`, 'features');
  fillBacklog(featuresFile(source), n, ctx.seed);
  const raw = copyProject(source, path.join(ctx.root, `export-${n}-raw`));
  const f = await ctx.runChild<Timed>('export', {
    variant: 'forgedb',
    file: featuresFile(source),
    out: path.join(source, 'out.json'),
  });
  const r = await ctx.runChild<Timed>('export', {
    variant: 'raw',
    file: featuresFile(raw),
    out: path.join(raw, 'out.json'),
  });
  report(ctx, 'export', n, f, r, isTarget);
}

async function importAt(ctx: BenchContext, n: number, isTarget: boolean): Promise<void> {
  const forge = newProject(ctx.root, `import-${n}`, 'features');
  const raw = copyProject(forge, path.join(ctx.root, `import-${n}-raw`));
  writeFeatureListJson(path.join(forge, 'feature_list.json'), n, ctx.seed);
  copyFileSync(path.join(forge, 'feature_list.json'), path.join(raw, 'feature_list.json'));
  const f = await ctx.runChild<Timed>('import', { variant: 'forgedb', project: forge });
  const r = await ctx.runChild<Timed>('import', { variant: 'raw', project: raw });
  report(ctx, 'import', n, f, r, isTarget);
}

export const featureListWorkload: Workload = {
  name: 'feature-list',
  description: 'feature_list.json export and import at 25k and 100k features (time, peak RSS of the process)',
  async run(ctx) {
    const small = ctx.size(25_000);
    const large = ctx.size(100_000);
    await exportAt(ctx, small, false);
    await exportAt(ctx, large, true);
    await importAt(ctx, small, false);
    await importAt(ctx, large, true);
  },
};
