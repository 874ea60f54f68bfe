import { bigint, foreignKey, index, jsonb, type PgSchema, primaryKey, text } from 'drizzle-orm/pg-core';
import type { MessageRole } from '../../contract/records.js';
import { sqlaTimestamptz } from '../columns/sqla-timestamptz.js';
import type { RowExtra } from '../extra.js';
import { auditColumns, EXTRA_DEFAULT } from './audit.js';
import type { defineConversations } from './conversations.js';

/** Messages; no ON DELETE, as on SQLite: deleting a conversation removes its messages first. */
export const defineConversationMessages = (
  schema: PgSchema,
  conversations: ReturnType<typeof defineConversations>,
) =>
  schema.table(
    'conversation_messages',
    {
      projectId: bigint('project_id', { mode: 'number' }).notNull(),
      id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
      conversationId: bigint('conversation_id', { mode: 'number' }).notNull(),
      role: text('role').notNull().$type<MessageRole>(),
      content: text('content').notNull(),
      timestamp: sqlaTimestamptz('timestamp'),
      extra: jsonb('extra').$type<RowExtra>().notNull().default(EXTRA_DEFAULT),
      ...auditColumns(),
    },
    (t) => [
      primaryKey({ name: 'pk_conversation_messages', columns: [t.projectId, t.id] }),
      foreignKey({
        name: 'fk_conversation_messages_conversation',
        columns: [t.projectId, t.conversationId],
        foreignColumns: [conversations.projectId, conversations.id],
      }),
      index('ix_conversation_messages_conversation').on(t.projectId, t.conversationId, t.id),
    ],
  );
