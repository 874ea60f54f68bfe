import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { redactUrl, testServerUrl } from './env.js';

const quote = (name) => `"${name.replaceAll('"', '""')}"`;

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl, database) {
  const u = new URL(serverUrl);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function withAdmin(serverUrl, fn) {
  const client = new pg.Client({ connectionString: serverUrl });
  // A server that drops the connection must fail the test, not crash the worker with an unhandled 'error'.
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function databaseExists(client, name) {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rowCount > 0;
}

/**
 * Builds the template `name` once per server: test files of every package and process ask for
 * it at once, so the first builds it under a session advisory lock (CREATE DATABASE cannot run
 * in a transaction, so a transaction-level lock cannot cover it; this is test tooling on a
 * dedicated connection, not forgedb's runtime) and the others wait, then find it. It is built
 * under a temporary name and renamed when complete, so a build that failed half-way is never
 * cloned.
 */
async function ensureTemplate(serverUrl, name, prepare) {
  await withAdmin(serverUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`forgedb-test-template:${name}`]);
    try {
      if (await databaseExists(client, name)) return;
      const building = `${name}_building`;
      await client.query(`DROP DATABASE IF EXISTS ${quote(building)} WITH (FORCE)`);
      await client.query(
        `CREATE DATABASE ${quote(building)} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
      );
      try {
        await prepare(databaseUrl(serverUrl, building));
      } catch (error) {
        await client.query(`DROP DATABASE IF EXISTS ${quote(building)} WITH (FORCE)`);
        throw error;
      }
      // WITH (FORCE) on the template's own sessions is not possible for a rename: prepare must close its connections.
      await client.query(`ALTER DATABASE ${quote(building)} RENAME TO ${quote(name)}`);
      await client.query(`ALTER DATABASE ${quote(name)} WITH IS_TEMPLATE true`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`forgedb-test-template:${name}`]);
    }
  });
}

/**
 * A fresh database for one test file on the run's server (FORGEDB_TEST_DATABASE_URL), cloned
 * from the template `template.name` (built once by `template.prepare(url)`, e.g. migrated), or
 * empty without a template. `drop()` removes it; on the run's own server everything goes with
 * the server anyway, so dropping matters on a server of your own.
 */
export async function createTestDatabase(options = {}) {
  const serverUrl = options.serverUrl ?? testServerUrl();
  const prefix = options.prefix ?? 'forgedb_test';
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = options.template;
  if (template) {
    if (!/^[a-z_][a-z0-9_]{0,50}$/.test(template.name)) {
      throw new Error(
        `Template name "${template.name}" must be a lowercase identifier of at most 51 characters.`,
      );
    }
    await ensureTemplate(serverUrl, template.name, template.prepare);
  }
  await withAdmin(serverUrl, (client) =>
    client.query(
      template
        ? `CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template.name)}`
        : `CREATE DATABASE ${quote(name)} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
    ),
  ).catch((cause) => {
    throw new Error(`Could not create test database ${name} on ${redactUrl(serverUrl)}: ${cause.message}`, {
      cause,
    });
  });
  const url = databaseUrl(serverUrl, name);
  return {
    name,
    url,
    drop: () =>
      withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`)),
  };
}
