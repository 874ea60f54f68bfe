import { createHash } from 'node:crypto';
import { openPool } from '@forgedb/db-core/pg';
import { migratePg, PG_KINDS } from '@forgedb/migrate/pg';
import { createTestDatabase, type TestDatabase } from '@forgedb/pg-test-server';
import { loadMigrations } from '@forgedb/schema';
import { DEFAULT_PG_SCHEMA } from '@forgedb/schema/pg';
import type { StoreFactory } from '@forgedb/store-conformance';
import { manualClock } from '../src/clock.js';
import { openStore } from '../src/open-store.js';
import { createPgProject } from '../src/pg/projects.js';

const START = '2026-01-01 00:00:00.000000';

/** A template migrated to the shipped schema; its name changes with the migrations, so a stale one is never cloned. */
const template = {
  name: `forgedb_store_${createHash('sha256')
    .update(PG_KINDS.flatMap((k) => loadMigrations(k, 'postgresql').map((m) => m.hash)).join(','))
    .digest('hex')
    .slice(0, 12)}`,
  prepare: async (url: string) => {
    await migratePg({ database: url });
  },
};

/** This test file's own database, migrated (cloned from the template). */
export const migratedDatabase = (): Promise<TestDatabase> =>
  createTestDatabase({ prefix: 'forgedb_store', template });

let counter = 0;

/** Creates a project in the database at `url` (as `forgedb copy` / `import-json` would) and returns its name. */
export async function newProject(url: string, name = `project_${process.pid}_${++counter}`): Promise<string> {
  const pool = await openPool(url, { max: 1 });
  try {
    await createPgProject(pool, DEFAULT_PG_SCHEMA, name);
  } finally {
    await pool.close();
  }
  return name;
}

/** A fresh project per fixture in one database: projects are isolated from each other as stores are. */
export const pgStoreFactory =
  (database: () => TestDatabase): StoreFactory =>
  async () => {
    const { url } = database();
    const project = await newProject(url);
    const clock = manualClock(START);
    const store = await openStore({ url, project, clock, pool: { max: 2 } });
    const others: { close(): Promise<void> }[] = [];
    return {
      store,
      clock,
      openAnother: async () => {
        const other = await openStore({ url, project, clock, pool: { max: 2 } });
        others.push(other);
        return other;
      },
      async cleanup() {
        await store.close();
        await Promise.all(others.splice(0).map((o) => o.close()));
      },
    };
  };
