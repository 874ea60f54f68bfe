#!/usr/bin/env node
// `pnpm db:<script>` at the root runs @forgedb/schema's script of that name. A nested `pnpm run`
// sets INIT_CWD to its own directory, so the directory the user typed the command in travels on
// as FORGEDB_INIT_CWD, against which FORGEDB_PROJECT and FORGEDB_DB_URL are resolved.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const [script, ...args] = process.argv.slice(2);
// The pnpm that runs this script (npx installs it outside PATH), else one on PATH.
const execPath = process.env.npm_execpath;
const pnpm = execPath && path.basename(execPath).startsWith('pnpm') ? execPath : undefined;
const command = pnpm ? process.execPath : 'pnpm';
const pnpmArgs = ['--filter', '@forgedb/schema', 'run', script, ...args];
const run = spawnSync(command, pnpm ? [pnpm, ...pnpmArgs] : pnpmArgs, {
  stdio: 'inherit',
  env: {
    ...process.env,
    FORGEDB_INIT_CWD: process.env.INIT_CWD ?? process.cwd(),
  },
});
if (run.error) throw run.error;
process.exit(run.status ?? 1);
