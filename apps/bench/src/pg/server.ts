import { randomBytes } from 'node:crypto';
import { migratePg } from '@forgedb/migrate/pg';
import { databaseUrl, redactUrl, startTestServer } from '@forgedb/pg-test-server';
import pg from 'pg';

/** Your own server for the PostgreSQL figures; without it the bench starts a throw-away one. */
export const BENCH_DATABASE_URL_VARIABLE = 'FORGEDB_BENCH_DATABASE_URL';
/** `FORGEDB_BENCH_SKIP_PG=1` leaves the PostgreSQL figures out (said so in the log); the only way they are. */
export const BENCH_SKIP_PG_VARIABLE = 'FORGEDB_BENCH_SKIP_PG';

export interface BenchDatabase {
  /** A database of its own on the server, migrated to the shipped schema. */
  url: string;
  /** Where it runs, password redacted, for the log. */
  described: string;
  close(): Promise<void>;
}

async function admin(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A fresh, migrated database for this run: on FORGEDB_BENCH_DATABASE_URL's server when it is set
 * (dropped at the end, the server left running), else on a throw-away server started here
 * (stopped at the end; its watchdog stops it if the bench dies first).
 */
export async function openBenchDatabase(env: NodeJS.ProcessEnv = process.env): Promise<BenchDatabase> {
  const own = env[BENCH_DATABASE_URL_VARIABLE];
  const server = own
    ? undefined
    : await startTestServer().catch((cause: unknown) => {
        throw new Error(
          `The bench could not start a throw-away PostgreSQL server (${cause instanceof Error ? cause.message : String(cause)}). ` +
            `Set ${BENCH_DATABASE_URL_VARIABLE} to a server of your own, or ${BENCH_SKIP_PG_VARIABLE}=1 to leave the PostgreSQL figures out.`,
          { cause },
        );
      });
  const serverUrl = own ?? server!.url;
  const name = `forgedb_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await admin(
      serverUrl,
      `CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
    );
    const url = databaseUrl(serverUrl, name);
    await migratePg({ database: url });
    return {
      url,
      described: `${own ? 'your server' : 'a throw-away server'} ${redactUrl(url)}`,
      async close() {
        if (server) await server.stop();
        else await admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  } catch (error) {
    await server?.stop();
    throw error;
  }
}
