import path from 'node:path';
import { copyProject, featuresFile, newProject } from '../fixtures.js';
import { figure } from '../report.js';
import type { Workload } from './context.js';

/** What every peak-RSS figure sits on: Node, the modules and one open connection, before any work. */
export const floorWorkload: Workload = {
  name: 'floor',
  description: 'peak RSS of a process that only loads the modules and opens a database',
  async run(ctx) {
    const forge = newProject(ctx.root, 'floor-forgedb', 'features');
    const raw = copyProject(forge, path.join(ctx.root, 'floor-raw'));
    const f = await ctx.runChild('idle', { variant: 'forgedb', file: featuresFile(forge) });
    const r = await ctx.runChild('idle', { variant: 'raw', file: featuresFile(raw) });
    ctx.add(
      figure('process floor (modules loaded, database open): peak RSS', f.peakRssMb, 'MB', r.peakRssMb),
    );
  },
};
