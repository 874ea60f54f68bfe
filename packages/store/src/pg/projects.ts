import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError } from '@forgedb/db-core';
import { withTransaction, type ForgePgPool, type PgClient } from '@forgedb/db-core/pg';
import { tableNames } from './pg-context.js';

const SHOWN_NAMES = 20;

/** The project's id, or NotFoundError naming the projects that exist (a typo must not hand agents an empty queue). */
export async function resolveProject(
  client: PgClient,
  schema: string,
  name: string,
  target: string,
): Promise<number> {
  const t = tableNames(schema);
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${t.projects} WHERE name = $1`, [name]);
  if (rows[0]) return Number(rows[0].id);
  const names = await client.query<{ name: string }>(
    `SELECT name FROM ${t.projects} ORDER BY name LIMIT $1`,
    [SHOWN_NAMES + 1],
  );
  const known = names.rows.map((r) => JSON.stringify(r.name));
  const which =
    known.length === 0
      ? `${target} (schema ${schema}) holds no project yet`
      : `projects on ${target} (schema ${schema}): ${known.slice(0, SHOWN_NAMES).join(', ')}${known.length > SHOWN_NAMES ? ', …' : ''}`;
  throw new NotFoundError('project', JSON.stringify(name), {
    hint:
      `${which}. A project is created only by \`forgedb copy --to <url> --project-name NAME\` or ` +
      '`forgedb import-json --database-url <url> --project-name NAME --file feature_list.json`; nothing was changed.',
  });
}

/**
 * Creates the project `name` with its lease state (a fresh epoch): what `forgedb copy` and
 * `forgedb import-json` do before they fill it. ConflictError when it exists.
 */
export async function createPgProject(db: ForgePgPool, schema: string, name: string): Promise<number> {
  const t = tableNames(schema);
  return withTransaction(db, {}, async (client) => {
    const now = 'clock_timestamp()';
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO ${t.projects} (name, graph_version, created_at, updated_at)
       VALUES ($1, 0, ${now}, ${now}) ON CONFLICT (name) DO NOTHING RETURNING id`,
      [name],
    );
    if (!rows[0]) {
      throw new ConflictError(
        'duplicate',
        `Project ${JSON.stringify(name)} already exists on ${db.target}; nothing was changed.`,
      );
    }
    await client.query(
      `INSERT INTO ${t.leaseState} (project_id, generation, epoch, created_at, updated_at)
       VALUES ($1, 0, $2, ${now}, ${now})`,
      [rows[0].id, randomBytes(16).toString('hex')],
    );
    return Number(rows[0].id);
  });
}
