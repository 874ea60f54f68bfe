import { NotFoundError, ValidationError } from '@forgedb/db-core';
import { readTransaction, writeTransaction, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { conversationCreateSchema, messageCreateSchema } from '@forgedb/schema';
import type { ConversationsApi } from '../api.js';
import type { Clock } from '../clock.js';
import { validate, validateId, validateLimit } from '../validate.js';
import { prepareConversationStatements } from './conversation-statements.js';
import { messageTimestamp } from './message-timestamp.js';
import {
  serializeConversation,
  serializeConversationWithCount,
  serializeMessage,
  type RawConversationRow,
  type RawConversationWithCountRow,
  type RawMessageRow,
} from './serialize-conversation.js';
import { titleFromMessage } from './title-from-message.js';

export const MESSAGE_PAGE_LIMIT = { min: 1, max: 1000, default: 100 } as const;

// Strict: a misspelt field is refused instead of silently dropped.
const createSchema = conversationCreateSchema.strict();
const messageSchema = messageCreateSchema.strict();
const projectNameSchema = conversationCreateSchema.shape.project_name;

function validateAfter(after: unknown): number {
  if (after === undefined || after === null) return 0;
  if (typeof after !== 'number' || !Number.isSafeInteger(after) || after < 0) {
    throw new ValidationError(
      'input',
      `Invalid after ${JSON.stringify(after)}: pass the next_after of the previous page (a message id).`,
      [{ path: 'after', message: 'expected a non-negative integer' }],
    );
  }
  return after;
}

/** Assistant conversations in assistant.db (docs/contracts.md#7-conversations). */
export function createConversationsStore(db: SqliteDatabase, clock: Clock): ConversationsApi {
  const st = prepareConversationStatements(db);
  const conversation = (id: number) => st.byId.get(id) as RawConversationRow | undefined;

  return {
    async create(input) {
      const data = validate(createSchema, input, 'conversation');
      return writeTransaction(db, () =>
        serializeConversation(
          st.insert.get({
            project_name: data.project_name,
            title: data.title ?? null,
            now: clock.now(db),
          }) as RawConversationRow,
        ),
      );
    },

    async list(projectName) {
      const project = validate(projectNameSchema, projectName, 'project name');
      return (st.listWithCounts.all(project) as RawConversationWithCountRow[]).map(
        serializeConversationWithCount,
      );
    },

    async get(id) {
      validateId(id, 'conversation');
      return readTransaction(db, () => {
        const found = conversation(id);
        if (!found) return null;
        const messages = (st.messagesOf.all(id) as RawMessageRow[]).map(serializeMessage);
        return { ...serializeConversation(found), messages };
      });
    },

    async delete(id) {
      validateId(id, 'conversation');
      // The DDL has no ON DELETE: messages go first, in the same transaction, or the foreign key refuses.
      return writeTransaction(db, () => {
        if (!conversation(id)) return false;
        st.deleteMessages.run(id);
        return st.delete.run(id).changes > 0;
      });
    },

    async addMessage(conversationId, message) {
      validateId(conversationId, 'conversation');
      const data = validate(messageSchema, message, 'message');
      return writeTransaction(db, () => {
        const found = conversation(conversationId);
        if (!found) return null;
        const now = clock.now(db);
        // Decided under the write lock, from what every writer has committed, so that messages
        // from several processes still get strictly increasing timestamps.
        const latest: unknown = st.latestTimestamp.get(conversationId);
        const stamp = messageTimestamp(now, typeof latest === 'string' ? latest : null);
        const inserted = st.insertMessage.get({
          conversation_id: conversationId,
          role: data.role,
          content: data.content,
          now: stamp,
        }) as RawMessageRow;
        // As the Python app: an empty title counts as none.
        const title = !found.title && data.role === 'user' ? titleFromMessage(data.content) : found.title;
        st.touch.run({ id: conversationId, now, title });
        return serializeMessage(inserted);
      });
    },

    async messages(conversationId, options = {}) {
      validateId(conversationId, 'conversation');
      const after = validateAfter(options?.after);
      const limit = validateLimit(options?.limit, MESSAGE_PAGE_LIMIT);
      return readTransaction(db, () => {
        if (!conversation(conversationId)) throw new NotFoundError('conversation', conversationId);
        // One row beyond the page tells whether another page exists without a COUNT.
        const rows = st.messagePage.all(conversationId, after, limit + 1) as RawMessageRow[];
        const more = rows.length > limit;
        const items = (more ? rows.slice(0, limit) : rows).map(serializeMessage);
        return { items, next_after: more ? items[items.length - 1]!.id : null };
      });
    },
  };
}
