import path from 'node:path';
import { copyProject, featuresFile, newProject } from '../fixtures.js';
import { figure } from '../report.js';
import { rows, type Workload } from './context.js';

export const bulkWorkload: Workload = {
  name: 'create-bulk',
  description:
    'createBulk of 10k features (dependencies on earlier items of the batch) into an empty backlog',
  async run(ctx) {
    const n = ctx.size(10_000);
    const forge = newProject(ctx.root, 'bulk-forgedb', 'features');
    const raw = copyProject(forge, path.join(ctx.root, 'bulk-raw'));
    const f = await ctx.runChild<{ ms: number; created: number }>('createBulk', {
      variant: 'forgedb',
      file: featuresFile(forge),
      count: n,
      seed: ctx.seed,
    });
    const r = await ctx.runChild<{ ms: number; created: number }>('createBulk', {
      variant: 'raw',
      file: featuresFile(raw),
      count: n,
      seed: ctx.seed,
    });
    if (f.result.created !== n || r.result.created !== n)
      throw new Error(`createBulk created ${f.result.created}/${r.result.created}, expected ${n}`);
    ctx.add(figure(`createBulk ${rows(n)} features: time`, f.result.ms, 'ms', r.result.ms));
    ctx.add(figure(`createBulk ${rows(n)} features: peak RSS`, f.peakRssMb, 'MB', r.peakRssMb));
  },
};
