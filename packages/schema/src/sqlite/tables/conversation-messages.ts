import { index, sqliteTable } from 'drizzle-orm/sqlite-core';
import { sqlaDateTime } from '../columns/datetime.js';
import { int, integerPrimaryKey, text, varchar } from '../columns/sql-types.js';
import type { MessageRole } from '../../contract/records.js';
import { conversations } from './conversations.js';

/** No ON DELETE in the DDL, as in the Python app: deleting a conversation removes its messages first. */
export const conversationMessages = sqliteTable(
  'conversation_messages',
  {
    id: integerPrimaryKey(),
    conversationId: int('conversation_id')
      .notNull()
      .references(() => conversations.id),
    role: varchar('role', { length: 20 }).notNull().$type<MessageRole>(),
    content: text('content').notNull(),
    timestamp: sqlaDateTime('timestamp'),
  },
  (t) => [
    index('ix_conversation_messages_id').on(t.id),
    index('ix_conversation_messages_conversation_id').on(t.conversationId),
  ],
);

export type ConversationMessageRow = typeof conversationMessages.$inferSelect;
export type NewConversationMessageRow = typeof conversationMessages.$inferInsert;
