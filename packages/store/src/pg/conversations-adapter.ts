import { NotFoundError } from '@forgedb/db-core';
import type { PgClient } from '@forgedb/db-core/pg';
import type { ConversationsAdapter } from '../adapter.js';
import { messageTimestamp } from '../conversations/message-timestamp.js';
import {
  serializeConversation,
  serializeConversationWithCount,
  serializeMessage,
  type RawConversationRow,
  type RawMessageRow,
} from '../conversations/serialize-conversation.js';
import { titleFromMessage } from '../conversations/title-from-message.js';
import { sqlaText, tsParam, type PgContext } from './pg-context.js';

const CONVERSATION_COLUMNS = (p = '') =>
  `${p}id, ${p}project_name, ${p}title, ${sqlaText(`${p}created_at`)} AS created_at, ${sqlaText(`${p}updated_at`)} AS updated_at`;
const MESSAGE_COLUMNS = `id, conversation_id, role, content, ${sqlaText('timestamp')} AS timestamp`;

const conversationRow = (r: Record<string, unknown>) => ({ ...r, id: Number(r.id) }) as RawConversationRow;
const messageRow = (r: Record<string, unknown>) =>
  ({ ...r, id: Number(r.id), conversation_id: Number(r.conversation_id) }) as RawMessageRow;

/** Assistant conversations, scoped by the store's project (docs/contracts.md#7-conversations). */
export function createPgConversationsAdapter(ctx: PgContext): ConversationsAdapter {
  const { t, projectId } = ctx;
  const find = async (client: PgClient, id: number, lock = false) => {
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT ${CONVERSATION_COLUMNS()} FROM ${t.conversations} WHERE project_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
      [projectId, id],
    );
    return rows[0] ? conversationRow(rows[0]) : undefined;
  };

  return {
    create(data) {
      return ctx.write(async (client, now) => {
        const { rows } = await client.query<Record<string, unknown>>(
          `INSERT INTO ${t.conversations} (project_id, project_name, title, created_at, updated_at)
           VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz) RETURNING ${CONVERSATION_COLUMNS()}`,
          [projectId, data.project_name, data.title, tsParam(now)],
        );
        return serializeConversation(conversationRow(rows[0]!));
      });
    },

    list(projectName) {
      return ctx.read(async (client) => {
        // One query, the counts from the messages' (project, conversation, id) index.
        const { rows } = await client.query<Record<string, unknown>>(
          `SELECT ${CONVERSATION_COLUMNS('c.')},
                  (SELECT count(*) FROM ${t.messages} m WHERE m.project_id = c.project_id AND m.conversation_id = c.id)
                    AS message_count
             FROM ${t.conversations} c WHERE c.project_id = $1 AND c.project_name = $2
            ORDER BY c.updated_at DESC NULLS LAST, c.id DESC`,
          [projectId, projectName],
        );
        return rows.map((r) =>
          serializeConversationWithCount({ ...conversationRow(r), message_count: Number(r.message_count) }),
        );
      });
    },

    get(id) {
      return ctx.read(async (client) => {
        const found = await find(client, id);
        if (!found) return null;
        const { rows } = await client.query<Record<string, unknown>>(
          `SELECT ${MESSAGE_COLUMNS} FROM ${t.messages} WHERE project_id = $1 AND conversation_id = $2 ORDER BY id`,
          [projectId, id],
        );
        return {
          ...serializeConversation(found),
          messages: rows.map((r) => serializeMessage(messageRow(r))),
        };
      });
    },

    delete(id) {
      // No ON DELETE, as on SQLite: the messages go first, in the same transaction.
      return ctx.write(async (client) => {
        if (!(await find(client, id, true))) return false;
        await client.query(`DELETE FROM ${t.messages} WHERE project_id = $1 AND conversation_id = $2`, [
          projectId,
          id,
        ]);
        const { rowCount } = await client.query<Record<string, unknown>>(
          `DELETE FROM ${t.conversations} WHERE project_id = $1 AND id = $2`,
          [projectId, id],
        );
        return (rowCount ?? 0) > 0;
      });
    },

    addMessage(conversationId, data) {
      return ctx.write(async (client, now) => {
        // The conversation's row lock orders its writers, so timestamps strictly increase across processes.
        const found = await find(client, conversationId, true);
        if (!found) return null;
        const latest = await client.query<{ ts: string | null }>(
          `SELECT ${sqlaText('timestamp')} AS ts FROM ${t.messages}
            WHERE project_id = $1 AND conversation_id = $2 ORDER BY id DESC LIMIT 1`,
          [projectId, conversationId],
        );
        const stamp = messageTimestamp(now, latest.rows[0]?.ts ?? null);
        const { rows } = await client.query<Record<string, unknown>>(
          `INSERT INTO ${t.messages} (project_id, conversation_id, role, content, timestamp, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz, $6::timestamptz) RETURNING ${MESSAGE_COLUMNS}`,
          [projectId, conversationId, data.role, data.content, tsParam(stamp), tsParam(now)],
        );
        // As the Python app: an empty title counts as none.
        const title = !found.title && data.role === 'user' ? titleFromMessage(data.content) : found.title;
        await client.query<Record<string, unknown>>(
          `UPDATE ${t.conversations} SET updated_at = $3::timestamptz, title = $4 WHERE project_id = $1 AND id = $2`,
          [projectId, conversationId, tsParam(now), title],
        );
        return serializeMessage(messageRow(rows[0]!));
      });
    },

    messages(conversationId, { after, limit }) {
      return ctx.read(async (client) => {
        if (!(await find(client, conversationId))) throw new NotFoundError('conversation', conversationId);
        // Keyset on the (project, conversation, id) index; one row beyond the page says whether another exists.
        const { rows } = await client.query<Record<string, unknown>>(
          `SELECT ${MESSAGE_COLUMNS} FROM ${t.messages}
            WHERE project_id = $1 AND conversation_id = $2 AND id > $3 ORDER BY id LIMIT $4`,
          [projectId, conversationId, after, limit + 1],
        );
        const more = rows.length > limit;
        const items = (more ? rows.slice(0, limit) : rows).map((r) => serializeMessage(messageRow(r)));
        return { items, next_after: more ? items[items.length - 1]!.id : null };
      });
    },
  };
}
