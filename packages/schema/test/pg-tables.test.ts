import { createTestDatabase, pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../src/files.js';
import { loadMigrations } from '../src/migrations/loader.js';
import { forgedbTables } from '../src/pg/index.js';

const { projects, features, conversations, conversationMessages } = forgedbTables;
const NOW = '2024-05-06 07:08:09.123456';

/*
 * The PostgreSQL tables against a real server, through drizzle's node-postgres driver: the
 * shipped migrations create what the tables describe, and the custom columns carry SQLite's
 * values exactly (microseconds, dependency text), which a type test cannot show.
 */
describe.skipIf(pgSkipped())('the PostgreSQL tables on a real server', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'forgedb_schema' });
    client = new pg.Client({ connectionString: database.url });
    client.on('error', () => {});
    await client.connect();
    await client.query('CREATE SCHEMA forgedb');
    for (const kind of DATABASE_KINDS) {
      for (const m of loadMigrations(kind, 'postgresql')) for (const s of m.statements) await client.query(s);
    }
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('round-trips a feature: microseconds, dependency text as stored, jsonb values, the default extra', async () => {
    const db = drizzle(client);
    const [project] = await db
      .insert(projects)
      .values({ name: 'my-app', createdAt: NOW, updatedAt: NOW })
      .returning({ id: projects.id });
    await db.insert(features).values({
      projectId: project!.id,
      id: 7,
      priority: 2 ** 40,
      category: 'c',
      name: 'n',
      description: 'd',
      steps: ['one', 'two'],
      dependencies: [3, 1, 3],
      humanInputRequest: { fields: [{ id: 'a', label: 'A' }] },
      claimedAt: '2024-05-06 07:08:09.000001',
      leaseExpiresAt: '2024-05-06 07:08:09.100000',
      createdAt: NOW,
      updatedAt: NOW,
    });
    const [row] = await db.select().from(features).where(eq(features.id, 7));
    expect(row).toMatchObject({
      id: 7,
      priority: 2 ** 40,
      steps: ['one', 'two'],
      dependencies: [3, 1, 3],
      humanInputRequest: { fields: [{ id: 'a', label: 'A' }] },
      humanInputResponse: null,
      claimedAt: '2024-05-06 07:08:09.000001',
      leaseExpiresAt: '2024-05-06 07:08:09.100000',
      claimGeneration: 0,
      passes: false,
      extra: {},
      createdAt: NOW,
    });
    // Stored as the Python app's text, read with its normalisation: floats and strings are not ids.
    await client.query(`UPDATE forgedb.features SET dependencies = '[1.0, 2, "3", 2]' WHERE id = 7`);
    const [again] = await db.select({ d: features.dependencies }).from(features).where(eq(features.id, 7));
    expect(again!.d).toEqual([2, 2]);
    const raw = await client.query<{ d: string }>(
      'SELECT dependencies AS d FROM forgedb.features WHERE id = 7',
    );
    expect(raw.rows[0]!.d).toBe('[1.0, 2, "3", 2]');
  });

  it('refuses a second project of the same name, and a feature id twice in a project', async () => {
    await expect(
      client.query(
        `INSERT INTO forgedb.projects (name, created_at, updated_at) VALUES ('my-app', now(), now())`,
      ),
    ).rejects.toMatchObject({
      code: '23505',
    });
    const other = await client.query<{ id: string }>(
      `INSERT INTO forgedb.projects (name, created_at, updated_at) VALUES ('other', now(), now()) RETURNING id`,
    );
    const insert = (projectId: string) =>
      client.query(
        `INSERT INTO forgedb.features (project_id, id, category, name, description, steps, created_at, updated_at)
         VALUES ($1, 7, 'c', 'n', 'd', '[]', now(), now())`,
        [projectId],
      );
    await insert(other.rows[0]!.id);
    await expect(insert(other.rows[0]!.id)).rejects.toMatchObject({ code: '23505' });
  });

  it('keeps messages within their conversation and project (composite foreign key)', async () => {
    const db = drizzle(client);
    const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.name, 'my-app'));
    const [conversation] = await db
      .insert(conversations)
      .values({ projectId: project!.id, projectName: 'my-app', title: 't', createdAt: NOW, updatedAt: NOW })
      .returning({ id: conversations.id });
    await db.insert(conversationMessages).values({
      projectId: project!.id,
      conversationId: conversation!.id,
      role: 'user',
      content: 'hi',
      timestamp: NOW,
      createdAt: NOW,
      updatedAt: NOW,
    });
    const [other] = await db.select({ id: projects.id }).from(projects).where(eq(projects.name, 'other'));
    await expect(
      db.insert(conversationMessages).values({
        projectId: other!.id,
        conversationId: conversation!.id,
        role: 'user',
        content: 'wrong project',
        createdAt: NOW,
        updatedAt: NOW,
      }),
    ).rejects.toMatchObject({ cause: { code: '23503' } });
  });
});
