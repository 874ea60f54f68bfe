#!/usr/bin/env node
// `run-with-pg -- <command> [args]`: runs the command with FORGEDB_TEST_DATABASE_URL pointing at
// one PostgreSQL server for the whole run, and exits with the command's exit code. A URL already
// set is used as it is (your own server); FORGEDB_SKIP_PG=1 runs the command without a server;
// a server that cannot start fails the run before the command starts.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { DATABASE_URL_VARIABLE, pgSkipped, redactUrl, SKIP_VARIABLE } from '../src/env.js';
import { startTestServer } from '../src/server.js';

const separator = process.argv.indexOf('--');
const command = separator >= 0 ? process.argv.slice(separator + 1) : [];
if (command.length === 0) {
  console.error('usage: run-with-pg -- <command> [args...]');
  process.exit(2);
}

let server;
if (pgSkipped()) {
  console.error(`run-with-pg: ${SKIP_VARIABLE}=1, PostgreSQL tests are skipped.`);
} else if (process.env[DATABASE_URL_VARIABLE]) {
  console.error(
    `run-with-pg: using ${redactUrl(process.env[DATABASE_URL_VARIABLE])} (${DATABASE_URL_VARIABLE}).`,
  );
} else {
  try {
    server = await startTestServer();
  } catch (error) {
    console.error(
      `run-with-pg: the PostgreSQL test server could not start, so the run fails:\n${error.message}`,
    );
    console.error(
      `Set ${DATABASE_URL_VARIABLE} to a server of your own, or ${SKIP_VARIABLE}=1 to skip PostgreSQL tests.`,
    );
    process.exit(1);
  }
  process.env[DATABASE_URL_VARIABLE] = server.url;
  console.error(`run-with-pg: PostgreSQL test server on port ${server.port}.`);
}

const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: process.env });
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
const code = await new Promise((resolve) => {
  child.once('error', (error) => {
    console.error(`run-with-pg: could not run ${command[0]}: ${error.message}`);
    resolve(127);
  });
  child.once('exit', (status, signal) => resolve(status ?? 128 + (constants.signals[signal] ?? 0)));
});
await server?.stop();
process.exit(code);
