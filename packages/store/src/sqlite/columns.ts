import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  conversationMessages,
  conversations,
  features,
  scheduleOverrides,
  schedules,
} from '@forgedb/schema/sqlite';

/** A table's columns as its drizzle table declares them: the statements select and return exactly these. */
const columnsOf = (table: SQLiteTable) =>
  getTableConfig(table)
    .columns.map((c) => c.name)
    .join(', ');

export const FEATURE_COLUMNS = columnsOf(features);
export const SCHEDULE_COLUMNS = columnsOf(schedules);
export const OVERRIDE_COLUMNS = columnsOf(scheduleOverrides);
export const CONVERSATION_COLUMNS = columnsOf(conversations);
export const MESSAGE_COLUMNS = columnsOf(conversationMessages);
