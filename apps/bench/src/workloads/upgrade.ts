import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { makeOldestFile } from '../fixtures.js';
import { figure } from '../report.js';
import { rows, type BenchContext, type Workload } from './context.js';

const SECONDS_LIMIT_MS = 10_000;

async function upgradeAt(ctx: BenchContext, n: number, isTarget: boolean): Promise<void> {
  const template = path.join(ctx.root, `oldest-${n}`, 'template.db');
  makeOldestFile(template, n, ctx.seed);
  const copy = (name: string) => {
    const file = path.join(path.dirname(template), name, 'features.db');
    mkdirSync(path.dirname(file), { recursive: true });
    copyFileSync(template, file);
    return file;
  };
  const forge = copy('forgedb');
  const raw = copy('raw');
  const withBackup = copy('backup');
  const f = await ctx.runChild<{ ms: number }>('upgrade', { variant: 'forgedb', file: forge });
  const r = await ctx.runChild<{ ms: number }>('upgrade', { variant: 'raw', file: raw });
  ctx.add(
    figure(
      `upgrade oldest-shape ${rows(n)} rows: time`,
      f.result.ms,
      'ms',
      r.result.ms,
      isTarget ? { kind: 'value-max', max: SECONDS_LIMIT_MS } : undefined,
    ),
  );
  ctx.add(
    figure(
      `upgrade oldest-shape ${rows(n)} rows: peak RSS`,
      f.peakRssMb,
      'MB',
      r.peakRssMb,
      isTarget ? { kind: 'value-max', max: 200 } : undefined,
    ),
  );
  if (isTarget) {
    // What a user gets by default: an online backup next to the file before the first change.
    const b = await ctx.runChild<{ ms: number }>('upgrade', {
      variant: 'forgedb',
      file: withBackup,
      backup: true,
    });
    ctx.add(
      figure(
        `upgrade oldest-shape ${rows(n)} rows incl. automatic backup: time`,
        b.result.ms,
        'ms',
        r.result.ms,
      ),
    );
  }
}

export const upgradeWorkload: Workload = {
  name: 'upgrade',
  description: 'upgrade of an oldest-shape legacy features.db (25k and 100k rows) to the current schema',
  async run(ctx) {
    await upgradeAt(ctx, ctx.size(25_000), false);
    await upgradeAt(ctx, ctx.size(100_000), true);
  },
};
