import { sqlaToIso } from '@forgedb/schema';
import type { Conversation, ConversationWithCount, Message } from '../api.js';

export interface RawConversationRow {
  id: number;
  project_name: string;
  title: string | null;
  created_at: string | null;
  updated_at: string | null;
}

export interface RawConversationWithCountRow extends RawConversationRow {
  message_count: number;
}

export interface RawMessageRow {
  id: number;
  conversation_id: number;
  role: string;
  content: string;
  timestamp: string | null;
}

export function serializeConversation(row: RawConversationRow): Conversation {
  return {
    id: row.id,
    project_name: row.project_name,
    title: row.title,
    created_at: sqlaToIso(row.created_at),
    updated_at: sqlaToIso(row.updated_at),
  };
}

export function serializeConversationWithCount(row: RawConversationWithCountRow): ConversationWithCount {
  return { ...serializeConversation(row), message_count: row.message_count };
}

export function serializeMessage(row: RawMessageRow): Message {
  return {
    id: row.id,
    conversation_id: row.conversation_id,
    role: row.role as Message['role'],
    content: row.content,
    timestamp: sqlaToIso(row.timestamp),
  };
}
