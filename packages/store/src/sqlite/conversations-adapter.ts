import { NotFoundError } from '@forgedb/db-core';
import { readTransaction, writeTransaction, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { ConversationsAdapter } from '../adapter.js';
import type { Clock } from '../clock.js';
import { messageTimestamp } from '../conversations/message-timestamp.js';
import {
  serializeConversation,
  serializeConversationWithCount,
  serializeMessage,
  type RawConversationRow,
  type RawConversationWithCountRow,
} from '../conversations/serialize-conversation.js';
import { titleFromMessage } from '../conversations/title-from-message.js';
import { prepareConversationStatements } from './conversation-statements.js';

/** Assistant conversations in assistant.db (docs/contracts.md#7-conversations). */
export function createSqliteConversationsAdapter(db: SqliteDatabase, clock: Clock): ConversationsAdapter {
  const st = prepareConversationStatements(db);
  const conversation = (id: number) => st.byId.get(id) as RawConversationRow | undefined;

  return {
    create(data) {
      return writeTransaction(db, () =>
        serializeConversation(
          st.insert.get({
            project_name: data.project_name,
            title: data.title,
            now: clock.now(),
          }) as RawConversationRow,
        ),
      );
    },

    list(projectName) {
      return (st.listWithCounts.all(projectName) as RawConversationWithCountRow[]).map(
        serializeConversationWithCount,
      );
    },

    get(id) {
      return readTransaction(db, () => {
        const found = conversation(id);
        if (!found) return null;
        const messages = st.messagesOf.all(id).map(serializeMessage);
        return { ...serializeConversation(found), messages };
      });
    },

    delete(id) {
      // The DDL has no ON DELETE: messages go first, in the same transaction, or the foreign key refuses.
      return writeTransaction(db, () => {
        if (!conversation(id)) return false;
        st.deleteMessages.run(id);
        return st.delete.run(id).changes > 0;
      });
    },

    addMessage(conversationId, data) {
      return writeTransaction(db, () => {
        const found = conversation(conversationId);
        if (!found) return null;
        const now = clock.now();
        // Decided under the write lock, from what every writer has committed, so that messages
        // from several processes still get strictly increasing timestamps.
        const latest: unknown = st.latestTimestamp.get(conversationId);
        const stamp = messageTimestamp(now, typeof latest === 'string' ? latest : null);
        const inserted = st.insertMessage.get({
          conversation_id: conversationId,
          role: data.role,
          content: data.content,
          now: stamp,
        })!;
        // As the Python app: an empty title counts as none.
        const title = !found.title && data.role === 'user' ? titleFromMessage(data.content) : found.title;
        st.touch.run({ id: conversationId, now, title });
        return serializeMessage(inserted);
      });
    },

    messages(conversationId, { after, limit }) {
      return readTransaction(db, () => {
        if (!conversation(conversationId)) throw new NotFoundError('conversation', conversationId);
        // One row beyond the page tells whether another page exists without a COUNT.
        const rows = st.messagePage.all(conversationId, after, limit + 1);
        const more = rows.length > limit;
        const items = (more ? rows.slice(0, limit) : rows).map(serializeMessage);
        return { items, next_after: more ? items[items.length - 1]!.id : null };
      });
    },
  };
}
