import {
  withTransaction,
  type ForgePgPool,
  type PgClient,
  type TransactionOptions,
} from '@forgedb/db-core/pg';
import type { SqlaDateTime } from '@forgedb/schema';
import { sqlaToPgTimestamptz } from '@forgedb/schema/pg';
import type { Clock } from '../clock.js';

/** `column` (timestamptz) as SQLAlchemy DATETIME text in UTC, microseconds kept, without a JavaScript Date. */
export const sqlaText = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`;

/** A SQLAlchemy DATETIME text parameter (or NULL) as a timestamptz literal PostgreSQL reads exactly. */
export const tsParam = (value: SqlaDateTime | null) => (value === null ? null : sqlaToPgTimestamptz(value));

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** forgedb's tables (and the claim generations sequence) in the store's schema, quoted for SQL text. */
export function tableNames(schema: string) {
  const t = (name: string) => `${quote(schema)}.${quote(name)}`;
  return {
    projects: t('projects'),
    leaseState: t('lease_state'),
    claimGenerations: t('claim_generations'),
    features: t('features'),
    schedules: t('schedules'),
    overrides: t('schedule_overrides'),
    conversations: t('conversations'),
    messages: t('conversation_messages'),
  };
}

export type TableNames = ReturnType<typeof tableNames>;

/** A transaction's body: its connection and the one reading of "now" every decision in it uses. */
export type TxBody<T> = (client: PgClient, now: SqlaDateTime) => Promise<T>;

/** What every PostgreSQL adapter of one store shares: the pool, the project, the tables, the clock. */
export interface PgContext {
  db: ForgePgPool;
  schema: string;
  t: TableNames;
  projectId: number;
  projectName: string;
  /** A write: READ COMMITTED unless asked otherwise, retried on serialization failures and deadlocks. */
  write<T>(fn: TxBody<T>, options?: Pick<TransactionOptions, 'isolation'>): Promise<T>;
  /** Several statements that must see one snapshot (REPEATABLE READ, read only); no clock reading. */
  read<T>(fn: (client: PgClient) => Promise<T>): Promise<T>;
  /** A read that compares against "now" (e.g. an override's expiry), read once in its snapshot. */
  readAt<T>(fn: TxBody<T>): Promise<T>;
}

/**
 * The server's clock by default: `clock_timestamp()` (the time of the reading, not the
 * transaction's start, which may have waited for a lock), read once per transaction, so every
 * process on every machine compares lease times against one clock. An injected Clock (tests)
 * replaces it.
 */
async function readNow(client: PgClient, clock: Clock | undefined): Promise<SqlaDateTime> {
  if (clock) return clock.now();
  const { rows } = await client.query<{ now: SqlaDateTime }>(
    `SELECT ${sqlaText('clock_timestamp()')} AS now`,
  );
  return rows[0]!.now;
}

export function createPgContext(options: {
  db: ForgePgPool;
  schema: string;
  projectId: number;
  projectName: string;
  clock: Clock | undefined;
}): PgContext {
  const { db, clock } = options;
  return {
    db,
    schema: options.schema,
    t: tableNames(options.schema),
    projectId: options.projectId,
    projectName: options.projectName,
    write: (fn, tx = {}) =>
      withTransaction(db, { isolation: tx.isolation ?? 'read committed' }, async (c) =>
        fn(c, await readNow(c, clock)),
      ),
    read: (fn) => withTransaction(db, { isolation: 'repeatable read', readOnly: true }, fn),
    readAt: (fn) =>
      withTransaction(db, { isolation: 'repeatable read', readOnly: true }, async (c) =>
        fn(c, await readNow(c, clock)),
      ),
  };
}
