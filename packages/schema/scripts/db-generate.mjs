#!/usr/bin/env node
// `pnpm db:generate [--kind features|assistant] [--name NAME] [--custom]`: drizzle-kit generate
// for each database kind, with the flags passed on, so `--name` names the migration it writes
// (a plain `a && b` script would hand the flags to the last command only).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CONFIGS = { features: 'drizzle.config.ts', assistant: 'drizzle.assistant.config.ts' };
const args = process.argv.slice(2);
const kindAt = args.indexOf('--kind');
const kind = kindAt >= 0 ? args.splice(kindAt, 2)[1] : undefined;
if (kind !== undefined && !(kind in CONFIGS)) {
  console.error(`db:generate: --kind must be one of ${Object.keys(CONFIGS).join(', ')}, got "${kind}".`);
  process.exit(2);
}
if (args.includes('--custom') && kind === undefined) {
  console.error(
    'db:generate: a --custom migration belongs to one database: add --kind features or --kind assistant.',
  );
  process.exit(2);
}

const cwd = fileURLToPath(new URL('..', import.meta.url));
for (const k of kind ? [kind] : Object.keys(CONFIGS)) {
  const run = spawnSync('drizzle-kit', ['generate', '--config', CONFIGS[k], ...args], {
    cwd,
    stdio: 'inherit',
    shell: false,
  });
  if (run.error) throw run.error;
  if (run.status !== 0) process.exit(run.status ?? 1);
}
