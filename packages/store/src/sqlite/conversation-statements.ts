import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { Statement } from 'better-sqlite3';
import type { RawMessageRow } from '../conversations/serialize-conversation.js';
import { CONVERSATION_COLUMNS, MESSAGE_COLUMNS } from './columns.js';
import { messageRowStatement as messages } from './message-row.js';
import type { RowStatement } from './row-statement.js';

export interface ConversationStatements {
  byId: Statement;
  insert: Statement;
  listWithCounts: Statement;
  messagesOf: RowStatement<RawMessageRow>;
  messagePage: RowStatement<RawMessageRow>;
  deleteMessages: Statement;
  delete: Statement;
  insertMessage: RowStatement<RawMessageRow>;
  latestTimestamp: Statement;
  touch: Statement;
}

/** Prepared once per store. */
export function prepareConversationStatements(db: SqliteDatabase): ConversationStatements {
  const conversationColumns = CONVERSATION_COLUMNS.split(', ')
    .map((c) => `c.${c}`)
    .join(', ');
  return {
    byId: db.prepare(`SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE id = ?`),
    insert: db.prepare(
      `INSERT INTO conversations (project_name, title, created_at, updated_at)
       VALUES (@project_name, @title, @now, @now) RETURNING ${CONVERSATION_COLUMNS}`,
    ),
    // One query for the whole list: the count is a correlated subquery answered from
    // ix_conversation_messages_conversation_id, never a query per conversation.
    listWithCounts: db.prepare(
      `SELECT ${conversationColumns},
              (SELECT COUNT(*) FROM conversation_messages m WHERE m.conversation_id = c.id) AS message_count
       FROM conversations c WHERE c.project_name = ?
       ORDER BY c.updated_at DESC, c.id DESC`,
    ),
    messagesOf: messages(
      db.prepare(
        `SELECT ${MESSAGE_COLUMNS} FROM conversation_messages WHERE conversation_id = ? ORDER BY id`,
      ),
    ),
    messagePage: messages(
      db.prepare(
        `SELECT ${MESSAGE_COLUMNS} FROM conversation_messages WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?`,
      ),
    ),
    deleteMessages: db.prepare('DELETE FROM conversation_messages WHERE conversation_id = ?'),
    delete: db.prepare('DELETE FROM conversations WHERE id = ?'),
    insertMessage: messages(
      db.prepare(
        `INSERT INTO conversation_messages (conversation_id, role, content, timestamp)
       VALUES (@conversation_id, @role, @content, @now) RETURNING ${MESSAGE_COLUMNS}`,
      ),
    ),
    // The conversation's most recent message, found through ix_conversation_messages_conversation_id
    // (whose entries are in rowid order) without reading the others.
    latestTimestamp: db
      .prepare(
        'SELECT timestamp FROM conversation_messages WHERE conversation_id = ? ORDER BY id DESC LIMIT 1',
      )
      .pluck(),
    touch: db.prepare('UPDATE conversations SET updated_at = @now, title = @title WHERE id = @id'),
  };
}
