import { bigint, type PgSchema, text } from 'drizzle-orm/pg-core';
import { auditColumns } from './audit.js';
import type { defineProjects } from './projects.js';

/**
 * A project's lease fencing state, as `__forgedb_lease_state` is a file's on SQLite: the highest
 * claim generation issued in the project and its lease epoch (replaced when the project is
 * replaced, so no lease issued before can match again). One row per project.
 */
export const defineLeaseState = (schema: PgSchema, projects: ReturnType<typeof defineProjects>) =>
  schema.table('lease_state', {
    projectId: bigint('project_id', { mode: 'number' })
      .primaryKey()
      .references(() => projects.id),
    generation: bigint('generation', { mode: 'number' }).notNull(),
    epoch: text('epoch').notNull(),
    ...auditColumns(),
  });
