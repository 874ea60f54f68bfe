import { bigint, type PgSchema, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { auditColumns } from './audit.js';

/**
 * One row per project; every other row is scoped by `project_id`. `name` is the natural key the
 * Python app already uses (`schedules.project_name`) and what `--project-name` names.
 * `graph_version` is bumped in the transaction of any change to the dependency graph, so a
 * ready order computed for one version is never served for another.
 */
export const defineProjects = (schema: PgSchema) =>
  schema.table(
    'projects',
    {
      id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      name: text('name').notNull(),
      graphVersion: bigint('graph_version', { mode: 'number' }).notNull().default(0),
      ...auditColumns(),
    },
    (t) => [uniqueIndex('ux_projects_name').on(t.name)],
  );
