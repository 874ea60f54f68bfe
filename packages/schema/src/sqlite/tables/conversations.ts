import { index, sqliteTable } from 'drizzle-orm/sqlite-core';
import { sqlaDateTime } from '../columns/datetime.js';
import { integerPrimaryKey, varchar } from '../columns/sql-types.js';

export const conversations = sqliteTable(
  'conversations',
  {
    id: integerPrimaryKey(),
    projectName: varchar('project_name', { length: 100 }).notNull(),
    title: varchar('title', { length: 200 }),
    createdAt: sqlaDateTime('created_at'),
    updatedAt: sqlaDateTime('updated_at'),
  },
  (t) => [index('ix_conversations_id').on(t.id), index('ix_conversations_project_name').on(t.projectName)],
);

export type ConversationRow = typeof conversations.$inferSelect;
export type NewConversationRow = typeof conversations.$inferInsert;
