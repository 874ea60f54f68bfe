import { DATABASE_URL_VARIABLE, pgSkipped } from './env.js';
import { startTestServer } from './server.js';

/**
 * vitest globalSetup for packages with PostgreSQL tests. Under `pnpm test` the root wrapper has
 * already started the run's one server and set FORGEDB_TEST_DATABASE_URL, so this does nothing;
 * a package run on its own (`pnpm --filter X test`) gets a server of its own for that run. A
 * server that cannot start fails the run.
 */
export default async function setup() {
  if (pgSkipped() || process.env[DATABASE_URL_VARIABLE]) return undefined;
  const server = await startTestServer();
  // Test workers are forked after global setup and inherit this environment.
  process.env[DATABASE_URL_VARIABLE] = server.url;
  return async () => {
    delete process.env[DATABASE_URL_VARIABLE];
    await server.stop();
  };
}
