import { withTransaction, type ForgePgPool } from '@forgedb/db-core/pg';
import { tableNames } from './pg-context.js';

/**
 * Removes the project `name` with its lease state while it holds no feature, and says whether it
 * did: how `forgedb import-json` takes back a project it created for an import that failed. A
 * concurrent importer that filled it in the meantime keeps its work.
 */
export async function dropEmptyPgProject(db: ForgePgPool, schema: string, name: string): Promise<boolean> {
  const t = tableNames(schema);
  return withTransaction(db, {}, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `SELECT p.id FROM ${t.projects} p WHERE p.name = $1
          AND NOT EXISTS (SELECT 1 FROM ${t.features} f WHERE f.project_id = p.id) FOR UPDATE`,
      [name],
    );
    if (!rows[0]) return false;
    await client.query(`DELETE FROM ${t.leaseState} WHERE project_id = $1`, [rows[0].id]);
    await client.query(`DELETE FROM ${t.projects} WHERE id = $1`, [rows[0].id]);
    return true;
  });
}
