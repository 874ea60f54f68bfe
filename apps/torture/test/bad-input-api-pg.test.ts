import { createHash } from 'node:crypto';
import { ForgeDbError } from '@forgedb/db-core';
import { openPool } from '@forgedb/db-core/pg';
import { migratePg } from '@forgedb/migrate/pg';
import { createTestDatabase, pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import { openStore, type Store } from '@forgedb/store';
import { createPgProject } from '@forgedb/store/pg';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCases, item } from './helpers/api-cases.js';

const PROJECT = 'bad_input';
const TABLES = [
  ['projects', 'id = $1', 'id'],
  ['lease_state', 'project_id = $1', 'project_id'],
  ['features', 'project_id = $1', 'id'],
  ['schedules', 'project_id = $1', 'id'],
  ['schedule_overrides', 'project_id = $1', 'id'],
  ['conversations', 'project_id = $1', 'id'],
  ['conversation_messages', 'project_id = $1', 'id'],
] as const;

let database: TestDatabase;
let store: Store;
let admin: pg.Client;
let projectId: string;
let conversationId: number;

/** Every row of the project in every table, as the server holds it (all columns, text form). */
async function projectDigest(): Promise<string> {
  const h = createHash('sha256');
  for (const [table, where, order] of TABLES) {
    const { rows } = await admin.query(
      `SELECT to_jsonb(t)::text AS row FROM forgedb.${table} t WHERE ${where} ORDER BY ${order}`,
      [projectId],
    );
    h.update(`${table}\n`);
    for (const r of rows as { row: string }[]) h.update(`${r.row}\n`);
  }
  return h.digest('hex');
}

describe.skipIf(pgSkipped())(
  'store API bad input on PostgreSQL: typed error, clear message, every row unchanged',
  () => {
    beforeAll(async () => {
      database = await createTestDatabase({ prefix: 'forgedb_torture' });
      await migratePg({ database: database.url });
      const pool = await openPool(database.url, { max: 1 });
      try {
        projectId = String(await createPgProject(pool, 'forgedb', PROJECT));
      } finally {
        await pool.close();
      }
      admin = new pg.Client({ connectionString: database.url });
      admin.on('error', () => {});
      await admin.connect();
      store = await openStore({ url: database.url, project: PROJECT });
      await store.features.createBulk(
        Array.from({ length: 30 }, (_, i) =>
          item({ name: `feature ${i + 1}`, ...(i > 0 && i < 3 ? { depends_on_indices: [i - 1] } : {}) }),
        ),
      );
      const { lease } = await store.features.claim(1, { agent: 'setup' });
      await store.features.markPassing(1, { lease });
      conversationId = (await store.conversations.create({ project_name: 'p' })).id;
      await store.conversations.addMessage(conversationId, { role: 'user', content: 'hello' });
    });
    afterAll(async () => {
      await store?.close();
      await admin?.end();
      await database?.drop();
    });

    it.each(apiCases(() => conversationId))('$name', async (c) => {
      const before = await projectDigest();
      const error = await c.call(store).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ForgeDbError);
      expect((error as ForgeDbError).code).toBe(c.code);
      expect((error as Error).message).toMatch(c.message);
      expect(await projectDigest()).toBe(before);
    });

    it('an unknown conversation gets null for a message, not an error, and nothing is written', async () => {
      const before = await projectDigest();
      expect(await store.conversations.addMessage(999_999, { role: 'user', content: 'x' })).toBeNull();
      expect(await projectDigest()).toBe(before);
    });
  },
);
