import { bigint, index, jsonb, type PgSchema, primaryKey, text } from 'drizzle-orm/pg-core';
import { sqlaTimestamptz } from '../columns/sqla-timestamptz.js';
import type { RowExtra } from '../extra.js';
import { EXTRA_DEFAULT } from './audit.js';
import type { defineProjects } from './projects.js';

/**
 * Assistant conversations, scoped by project (`project_name` kept as stored, as in schedules).
 * `created_at` and `updated_at` keep their domain meaning, nullable as on SQLite: `updated_at`
 * is the conversation's last activity and orders the list, so it is not an audit column and
 * changes only when the conversation does (docs/postgres.md#audit-columns).
 */
export const defineConversations = (schema: PgSchema, projects: ReturnType<typeof defineProjects>) =>
  schema.table(
    'conversations',
    {
      projectId: bigint('project_id', { mode: 'number' })
        .notNull()
        .references(() => projects.id),
      id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
      projectName: text('project_name').notNull(),
      title: text('title'),
      extra: jsonb('extra').$type<RowExtra>().notNull().default(EXTRA_DEFAULT),
      createdAt: sqlaTimestamptz('created_at'),
      updatedAt: sqlaTimestamptz('updated_at'),
    },
    (t) => [
      primaryKey({ name: 'pk_conversations', columns: [t.projectId, t.id] }),
      index('ix_conversations_project_updated').on(t.projectId, t.updatedAt, t.id),
    ],
  );
