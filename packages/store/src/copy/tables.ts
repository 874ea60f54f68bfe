import type { Cell } from './cell.js';

/**
 * What `forgedb copy` moves, per table, in the SQLite column names both dialects share, and how
 * each column's cell is encoded on PostgreSQL (docs/postgres.md#lossless-per-column).
 */
export type ColumnKind = 'integer' | 'boolean' | 'text' | 'json' | 'dependencies' | 'datetime';

export interface CopyColumn {
  name: string;
  kind: ColumnKind;
  /** The PostgreSQL column is NOT NULL: what it holds when the SQLite cell cannot give a value (the cell itself goes to `extra.verbatim`). */
  fallback?: unknown;
}

export type CopyTableName =
  'features' | 'schedules' | 'schedule_overrides' | 'conversations' | 'conversation_messages';

export interface CopyTable {
  name: CopyTableName;
  database: 'features' | 'assistant';
  columns: CopyColumn[];
  /** PostgreSQL audit columns the copy sets to the server's clock (they have no SQLite counterpart). */
  audit: ('created_at' | 'updated_at')[];
}

const EPOCH = '1970-01-01 00:00:00.000000';
const int = (name: string, fallback?: number): CopyColumn => ({ name, kind: 'integer', fallback });
const bool = (name: string): CopyColumn => ({ name, kind: 'boolean', fallback: false });
const text = (name: string, notNull = false): CopyColumn => ({
  name,
  kind: 'text',
  fallback: notNull ? '' : undefined,
});
const time = (name: string, notNull = false): CopyColumn => ({
  name,
  kind: 'datetime',
  fallback: notNull ? EPOCH : undefined,
});

/** In dependency order: a row's parents are copied before it. */
export const COPY_TABLES: readonly CopyTable[] = [
  {
    name: 'features',
    database: 'features',
    audit: ['created_at', 'updated_at'],
    columns: [
      int('id', 0),
      int('priority', 999),
      text('category', true),
      text('name', true),
      text('description', true),
      { name: 'steps', kind: 'json', fallback: [] },
      bool('passes'),
      bool('in_progress'),
      { name: 'dependencies', kind: 'dependencies' },
      bool('needs_human_input'),
      { name: 'human_input_request', kind: 'json' },
      { name: 'human_input_response', kind: 'json' },
      text('claimed_by'),
      time('claimed_at'),
      time('lease_expires_at'),
      int('claim_generation', 0),
    ],
  },
  {
    name: 'schedules',
    database: 'features',
    audit: ['updated_at'],
    columns: [
      int('id', 0),
      text('project_name', true),
      text('start_time', true),
      int('duration_minutes', 1),
      int('days_of_week', 127),
      bool('enabled'),
      bool('yolo_mode'),
      text('model'),
      int('max_concurrency', 3),
      int('crash_count', 0),
      time('created_at', true),
    ],
  },
  {
    name: 'schedule_overrides',
    database: 'features',
    audit: ['updated_at'],
    columns: [
      int('id', 0),
      int('schedule_id', 0),
      text('override_type', true),
      time('expires_at', true),
      time('created_at', true),
    ],
  },
  {
    name: 'conversations',
    database: 'assistant',
    audit: [],
    columns: [
      int('id', 0),
      text('project_name', true),
      text('title'),
      time('created_at'),
      time('updated_at'),
    ],
  },
  {
    name: 'conversation_messages',
    database: 'assistant',
    audit: ['created_at', 'updated_at'],
    columns: [
      int('id', 0),
      int('conversation_id', 0),
      text('role', true),
      text('content', true),
      time('timestamp'),
    ],
  },
];

/** The value PostgreSQL held for a NULL its NOT NULL column could not take, as a cell (what forgedb's upgrade repairs such a NULL to). */
export function fallbackCell(column: CopyColumn): Cell {
  const value = column.fallback;
  if (typeof value === 'boolean') return { type: 'integer', value: value ? '1' : '0' };
  if (typeof value === 'number') return { type: 'integer', value: String(value) };
  if (typeof value === 'string') return { type: 'text', value };
  return { type: 'text', value: JSON.stringify(value) };
}
