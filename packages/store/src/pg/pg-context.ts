import {
  SqlFragment,
  sqlLiteral,
  transactionQuery,
  withTransaction,
  type ForgePgPool,
  type LiteralValue,
  type PgClient,
  type TransactionOptions,
} from '@forgedb/db-core/pg';
import type { SqlaDateTime } from '@forgedb/schema';
import { sqlaToPgTimestamptz } from '@forgedb/schema/pg';
import { addSeconds, type Clock } from '../clock.js';

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

/** A statement and the values of its parameters `$1`, `$2`, … */
export interface Statement {
  text: string;
  values: LiteralValue[];
}

/**
 * "Now" and "`seconds` from now" as parameter values of one statement: timestamps, or (in a
 * one-round-trip write on the server's clock) the statement's own reading of that clock.
 */
export interface StatementTime {
  now: LiteralValue;
  after(seconds: number): LiteralValue;
}

/** The times of a transaction that has already read "now" (from the server or an injected Clock). */
export const timeAt = (now: SqlaDateTime): StatementTime => ({
  now: tsParam(now),
  after: (seconds) => tsParam(addSeconds(now, seconds)),
});

/**
 * The server's clock as read by a one-statement transaction sent as one simple query:
 * `statement_timestamp()`, the time the server took the query, before any of it ran (so before any
 * lock wait, like the reading in withNow's opening), the same value at every use in the statement.
 */
const SERVER_TIME: StatementTime = {
  now: new SqlFragment('statement_timestamp()'),
  after: (seconds) =>
    new SqlFragment(`statement_timestamp() + ${sqlLiteral(seconds)}::float8 * interval '1 second'`),
};

/** What every PostgreSQL adapter of one store shares: the pool, the project, the tables, the clock. */
export interface PgContext {
  db: ForgePgPool;
  schema: string;
  t: TableNames;
  projectId: number;
  projectName: string;
  /** A write: READ COMMITTED unless asked otherwise, retried on serialization failures and deadlocks. */
  write<T>(fn: TxBody<T>, options?: Pick<TransactionOptions, 'isolation'>): Promise<T>;
  /**
   * A write of ONE statement, as its own READ COMMITTED transaction in one round trip (BEGIN, the
   * settings, the statement with its values as literals, COMMIT: one simple query), retried and
   * typed as `write`. `statement` gets the time to write: the server's clock, read by the
   * statement itself, or the injected Clock's reading.
   */
  writeStatement(statement: (time: StatementTime) => Statement): Promise<{ rows: unknown[] }>;
  /** Several statements that must see one snapshot (REPEATABLE READ, read only); no clock reading. */
  read<T>(fn: (client: PgClient) => Promise<T>): Promise<T>;
  /**
   * One read-only statement without parameters (only integers, through intLiteral, in its text):
   * the whole transaction is one round trip.
   */
  readStatement(sql: string): Promise<{ rows: unknown[] }>;
  /** A read that compares against "now" (e.g. an override's expiry), read once in its snapshot. */
  readAt<T>(fn: TxBody<T>): Promise<T>;
}

/** The server's clock as SQLAlchemy text: the statement that reads it. */
const READ_CLOCK = `SELECT ${sqlaText('clock_timestamp()')} AS now`;

/**
 * A transaction whose body gets "now": the server's clock by default, `clock_timestamp()` (the
 * time of the reading, not the transaction's start, which may have waited for a lock), read once
 * per transaction in the same round trip as BEGIN, so every process on every machine compares
 * lease times against one clock. An injected Clock (tests) replaces it.
 */
function withNow<T>(
  db: ForgePgPool,
  options: TransactionOptions,
  clock: Clock | undefined,
  fn: TxBody<T>,
): Promise<T> {
  if (clock) return withTransaction(db, options, (c) => fn(c, clock.now()));
  return withTransaction(db, { ...options, opening: READ_CLOCK }, (c, opening) =>
    fn(c, (opening!.rows[0] as { now: SqlaDateTime }).now),
  );
}

/** A safe integer as SQL text (an id or a project id in a statement without parameters). */
export function intLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) throw new TypeError(`Expected a safe integer, not ${String(value)}`);
  return String(value);
}

export function createPgContext(options: {
  db: ForgePgPool;
  schema: string;
  projectId: number;
  projectName: string;
  clock: Clock | undefined;
}): PgContext {
  const { db, clock } = options;
  const readOnly: TransactionOptions = { isolation: 'repeatable read', readOnly: true };
  return {
    db,
    schema: options.schema,
    t: tableNames(options.schema),
    projectId: options.projectId,
    projectName: options.projectName,
    write: (fn, tx = {}) => withNow(db, { isolation: tx.isolation ?? 'read committed' }, clock, fn),
    writeStatement: (statement) => {
      const { text, values } = statement(clock ? timeAt(clock.now()) : SERVER_TIME);
      return transactionQuery(db, { isolation: 'read committed' }, text, values);
    },
    read: (fn) => withTransaction(db, readOnly, (c) => fn(c)),
    readStatement: (sql) => transactionQuery(db, readOnly, sql),
    readAt: (fn) => withNow(db, readOnly, clock, fn),
  };
}
