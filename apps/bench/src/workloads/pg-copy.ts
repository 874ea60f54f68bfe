import { fillBacklog, featuresFile, newProject } from '../fixtures.js';
import { BENCH_SKIP_PG_VARIABLE, openBenchDatabase } from '../pg/server.js';
import { figure, RAW_PG } from '../report.js';
import { rows, type Workload } from './context.js';

interface Copied {
  ms: number;
  count: number;
}

const RSS_LIMIT_MB = 200;

export const pgCopyWorkload: Workload = {
  name: 'pg-copy',
  description:
    'PostgreSQL: a 100k-feature SQLite project copied into a new PostgreSQL project (forgedb copy, verified row by row) beside a hand-written batched INSERT of the feature columns; time and peak RSS',
  async run(ctx) {
    if (process.env[BENCH_SKIP_PG_VARIABLE] === '1') {
      ctx.log(`pg-copy skipped: ${BENCH_SKIP_PG_VARIABLE}=1, so there are no PostgreSQL figures in this run`);
      return;
    }
    const n = ctx.size(100_000);
    const projectDir = newProject(ctx.root, `pg-copy-${n}`, 'features');
    fillBacklog(featuresFile(projectDir), n, ctx.seed);
    const database = await openBenchDatabase();
    ctx.log(`pg-copy on ${database.described}`);
    try {
      const f = await ctx.runChild<Copied>('pgCopy', {
        variant: 'forgedb',
        projectDir,
        url: database.url,
        project: 'bench_copy_forgedb',
      });
      const r = await ctx.runChild<Copied>('pgCopy', {
        variant: 'raw',
        projectDir,
        url: database.url,
        project: 'bench_copy_raw',
      });
      if (f.result.count !== n || r.result.count !== n)
        throw new Error(`pg-copy copied ${f.result.count}/${r.result.count} features, expected ${n}`);
      ctx.add(
        figure(
          `pg copy of a ${rows(n)}-feature project from SQLite: time`,
          f.result.ms,
          'ms',
          r.result.ms,
          undefined,
          RAW_PG,
        ),
      );
      ctx.add(
        figure(
          `pg copy of a ${rows(n)}-feature project from SQLite: peak RSS`,
          f.peakRssMb,
          'MB',
          r.peakRssMb,
          { kind: 'value-max', max: RSS_LIMIT_MB },
          RAW_PG,
        ),
      );
    } finally {
      await database.close();
    }
  },
};
