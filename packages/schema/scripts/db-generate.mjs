#!/usr/bin/env node
// `pnpm db:generate [--kind features|assistant] [--dialect sqlite|pg] [--name NAME] [--custom]`:
// drizzle-kit generate for each database kind and dialect (both unless --dialect; --custom is
// SQLite's unless --dialect pg), with the flags passed on, so `--name` names the migration it
// writes (a plain `a && b` script would hand the flags to the last command only).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CONFIGS = {
  features: { sqlite: 'drizzle.config.ts', pg: 'drizzle.pg.config.ts' },
  assistant: { sqlite: 'drizzle.assistant.config.ts', pg: 'drizzle.pg.assistant.config.ts' },
};
const DIALECTS = ['sqlite', 'pg'];
const args = process.argv.slice(2);
const take = (flag) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const kind = take('--kind');
const dialect = take('--dialect');
if (kind !== undefined && !(kind in CONFIGS)) {
  console.error(`db:generate: --kind must be one of ${Object.keys(CONFIGS).join(', ')}, got "${kind}".`);
  process.exit(2);
}
if (dialect !== undefined && !DIALECTS.includes(dialect)) {
  console.error(`db:generate: --dialect must be one of ${DIALECTS.join(', ')}, got "${dialect}".`);
  process.exit(2);
}
const custom = args.includes('--custom');
if (custom && kind === undefined) {
  console.error(
    'db:generate: a --custom migration belongs to one database: add --kind features or --kind assistant (and --dialect pg for PostgreSQL).',
  );
  process.exit(2);
}
// A custom migration is SQLite's unless PostgreSQL is named: that is what --custom meant before
// PostgreSQL had migrations, and hand-written SQL is never right for both dialects at once.
const dialects = dialect ? [dialect] : custom ? ['sqlite'] : DIALECTS;

const cwd = fileURLToPath(new URL('..', import.meta.url));
for (const k of kind ? [kind] : Object.keys(CONFIGS)) {
  for (const d of dialects) {
    const run = spawnSync('drizzle-kit', ['generate', '--config', CONFIGS[k][d], ...args], {
      cwd,
      stdio: 'inherit',
      shell: false,
    });
    if (run.error) throw run.error;
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}
