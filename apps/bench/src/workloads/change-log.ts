import path from 'node:path';
import { FOREIGN_WRITES, type ForeignWrite } from '../change-log-tasks.js';
import { copyProject, featuresFile, fillBacklog, newProject } from '../fixtures.js';
import { figure } from '../report.js';
import type { LatencyPair } from '../latency-pair.js';
import { rows, type Workload } from './context.js';

/** What each foreign write is called in a figure's name. */
const WRITTEN: Record<ForeignWrite, string> = {
  status: 'status change',
  priority: 'priority change',
  dependency: 'dependency change',
  create: 'insert of a feature',
};

export const changeLogWorkload: Workload = {
  name: 'change-log',
  description:
    'the change log: ready(limit 10) after each kind of foreign write, the triggers cost on a Python-app write, the log size after 1M status changes',
  async run(ctx) {
    const n = ctx.size(10_000);
    const k = rows(n);
    const template = newProject(ctx.root, 'change-log-template', 'features');
    fillBacklog(featuresFile(template), n, ctx.seed);

    for (const kind of FOREIGN_WRITES) {
      const forge = copyProject(template, path.join(ctx.root, `foreign-${kind}-forgedb`));
      const raw = copyProject(template, path.join(ctx.root, `foreign-${kind}-raw`));
      const { result } = await ctx.runChild<LatencyPair & { diagnostics: { fullReads: number } }>(
        'readyAfterForeignWrite',
        { forgeFile: featuresFile(forge), rawFile: featuresFile(raw), kind, samples: 100, seed: ctx.seed },
      );
      const name = `ready(limit 10) on ${k}, after a plain connection's ${WRITTEN[kind]}`;
      ctx.add(
        figure(`${name}: p50`, result.forgedb.p50, 'ms', result.raw.p50, { kind: 'value-max', max: 5 }),
      );
      ctx.add(figure(`${name}: p95`, result.forgedb.p95, 'ms', result.raw.p95));
      ctx.log(`${kind}: ${result.diagnostics.fullReads} full read(s) in ${100 + 20} refreshes`);
    }

    const withLog = copyProject(template, path.join(ctx.root, 'trigger-with'));
    const withoutLog = copyProject(template, path.join(ctx.root, 'trigger-without'));
    const cost = await ctx.runChild<LatencyPair>('triggerCost', {
      withFile: featuresFile(withLog),
      withoutFile: featuresFile(withoutLog),
      samples: 2000,
    });
    const write = `a Python-app status UPDATE on ${k}, with the change log's triggers (raw: without them)`;
    ctx.add(figure(`${write}: p50`, cost.result.forgedb.p50, 'ms', cost.result.raw.p50));
    ctx.add(figure(`${write}: p95`, cost.result.forgedb.p95, 'ms', cost.result.raw.p95));

    const changes = ctx.size(1_000_000);
    const sized = copyProject(template, path.join(ctx.root, 'log-size'));
    const size = await ctx.runChild<{ logBytes: number; featuresBytes: number; entries: number }>(
      'changeLogSize',
      { file: featuresFile(sized), changes, batch: 1000 },
    );
    ctx.log(`change log after ${changes} status changes: ${size.result.entries} entries`);
    ctx.add(
      figure(
        `change log on disk after ${rows(changes)} status changes (raw: the features table)`,
        size.result.logBytes / 1024,
        'KiB',
        size.result.featuresBytes / 1024,
        { kind: 'value-max', max: 512 },
      ),
    );
  },
};
