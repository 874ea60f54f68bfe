#!/usr/bin/env node
// `pnpm -s forgedb …` runs in the workspace root; relative paths on the command line mean the
// directory the user typed the command in, which pnpm passes as INIT_CWD. (Without -s, pnpm's
// banner lands on stdout before the CLI's output, and a `--json > file` is no longer JSON.)
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
await import('../apps/migrator/dist/bin.js');
