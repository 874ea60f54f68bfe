#!/usr/bin/env node
// `pnpm forgedb …` runs in the workspace root; relative paths on the command line mean the
// directory the user typed the command in, which pnpm passes as INIT_CWD.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
await import('../apps/migrator/dist/bin.js');
