import type { SqlaDateTime } from '../encoding/datetime.js';

/*
 * The decoded rows every dialect's tables map onto, keyed like the Drizzle tables' properties.
 * The SQLite tables (src/sqlite/tables) must infer exactly these types (src/sqlite/tables/
 * records.test.ts checks it at compile time), so the row shape is written once, here, and a
 * table that drifts from it fails the typecheck. Values are decoded as docs/contracts.md#2-how-values-are-stored
 * says: booleans as booleans, JSON as parsed values, date and time as SQLAlchemy's DATETIME text.
 */

/** A request the agent shows a person; validated by `humanInputRequestSchema`. */
export interface HumanInputRequest {
  prompt?: string;
  fields: HumanInputField[];
  [key: string]: unknown;
}

export interface HumanInputField {
  id: string;
  label: string;
  type?: 'text' | 'textarea' | 'select' | 'boolean';
  options?: { value: string; label: string }[];
  [key: string]: unknown;
}

/** A backlog row (docs/contracts.md#3-what-the-files-hold), lease columns included. */
export interface FeatureRecord {
  id: number;
  priority: number;
  category: string;
  name: string;
  description: string;
  steps: string[];
  passes: boolean;
  inProgress: boolean;
  /** null when the row has none (stored as NULL). */
  dependencies: number[] | null;
  needsHumanInput: boolean;
  humanInputRequest: HumanInputRequest | null;
  humanInputResponse: Record<string, unknown> | null;
  claimedBy: string | null;
  claimedAt: SqlaDateTime | null;
  leaseExpiresAt: SqlaDateTime | null;
  claimGeneration: number;
}

/** Every day of the week: Mon=1, Tue=2, Wed=4, Thu=8, Fri=16, Sat=32, Sun=64. */
export const ALL_DAYS = 127;

export interface ScheduleRecord {
  id: number;
  projectName: string;
  /** `HH:MM`, UTC. */
  startTime: string;
  durationMinutes: number;
  /** A bit per weekday, see ALL_DAYS. */
  daysOfWeek: number;
  enabled: boolean;
  yoloMode: boolean;
  model: string | null;
  maxConcurrency: number;
  crashCount: number;
  createdAt: SqlaDateTime;
}

export const OVERRIDE_TYPES = ['start', 'stop'] as const;
export type OverrideType = (typeof OVERRIDE_TYPES)[number];

export interface ScheduleOverrideRecord {
  id: number;
  scheduleId: number;
  overrideType: OverrideType;
  expiresAt: SqlaDateTime;
  createdAt: SqlaDateTime;
}

export interface ConversationRecord {
  id: number;
  projectName: string;
  title: string | null;
  createdAt: SqlaDateTime | null;
  updatedAt: SqlaDateTime | null;
}

export const MESSAGE_ROLES = ['user', 'assistant', 'system'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

export interface MessageRecord {
  id: number;
  conversationId: number;
  role: MessageRole;
  content: string;
  timestamp: SqlaDateTime | null;
}

/** The name of forgedb's lease fencing table (docs/decisions/0002-sqlite-lease-trigger.md). */
export const LEASE_STATE_TABLE = '__forgedb_lease_state';

/** The name of forgedb's change log table (docs/decisions/0012-change-log.md). */
export const CHANGE_LOG_TABLE = '__forgedb_changes';

/** One entry: a statement changed the queue columns of the feature with this id (or removed it). */
export interface ChangeLogRecord {
  seq: number;
  featureId: number;
}

/** Its one row: the highest claim generation issued in the database, and the database's lease epoch. */
export interface LeaseStateRecord {
  id: number;
  generation: number;
  epoch: string;
}
