import { openPool } from '@forgedb/db-core/pg';
import { DEFAULT_PG_SCHEMA } from '@forgedb/schema/pg';
import { createPgProject } from '@forgedb/store/pg';
import { backlog } from '@forgedb/test-utils';

const FEATURES = `${DEFAULT_PG_SCHEMA}.features`;

/**
 * Creates project `name` (as `forgedb copy` would) and fills it with the seeded backlog in one
 * statement: setup, not measured. The same seed gives every project of a figure identical rows,
 * and the SQLite workloads the same backlog.
 */
export async function seedPgProject(url: string, name: string, count: number, seed: number): Promise<void> {
  const pool = await openPool(url, { max: 1 });
  try {
    const projectId = await createPgProject(pool, DEFAULT_PG_SCHEMA, name);
    const rows = [...backlog(count, seed)];
    await pool.pool.query(
      `INSERT INTO ${FEATURES} (project_id, id, priority, category, name, description, steps, passes,
                                dependencies, created_at, updated_at)
       SELECT $1, r.id, r.priority, r.category, r.name, r.description, r.steps::jsonb, r.passes, r.dependencies,
              clock_timestamp(), clock_timestamp()
         FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[])
           AS r(id, priority, category, name, description, steps, passes, dependencies)`,
      [
        projectId,
        rows.map((f) => f.id),
        rows.map((f) => f.priority),
        rows.map((f) => f.category),
        rows.map((f) => f.name),
        rows.map((f) => f.description),
        rows.map((f) => JSON.stringify(f.steps)),
        rows.map((f) => f.passes),
        rows.map((f) => (f.dependencies.length > 0 ? JSON.stringify(f.dependencies) : null)),
      ],
    );
  } finally {
    await pool.close();
  }
}
