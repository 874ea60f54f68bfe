import type { PgClient } from '@forgedb/db-core/pg';
import type { DatabaseKind, MigrationCompatibility } from '@forgedb/schema';
import { HISTORY_TABLE, type AppliedMigration, type MigrationMethod } from '../history.js';
import { quoteIdent } from './in-schema.js';

/** Everything the PostgreSQL history records of a migration: SQLite's fields, who applied it, and its stream. */
export interface PgAppliedMigration extends AppliedMigration {
  kind: DatabaseKind;
  /** `current_user@host:pid` of the migrator that applied it. */
  appliedBy: string;
}

const table = (schema: string) => `${quoteIdent(schema)}.${quoteIdent(HISTORY_TABLE)}`;

/**
 * The schema and its history table, created if missing. Run under the migration lock, so two
 * migrators never race to create them. Hand-written, not a drizzle-kit migration: the history
 * must exist before the first migration can be recorded, and it outlives `--to base`.
 */
export async function ensureHistory(client: PgClient, schema: string): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${table(schema)} (
      kind text NOT NULL,
      tag text NOT NULL,
      hash text NOT NULL,
      method text NOT NULL,
      compatibility text,
      applied_at timestamp (6) with time zone NOT NULL,
      applied_by text NOT NULL,
      PRIMARY KEY (kind, tag)
    )`,
  );
}

/** The history, or [] where there is none yet (read before anything exists, e.g. by a dry run). */
export async function readPgHistory(client: PgClient, schema: string): Promise<PgAppliedMigration[]> {
  const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [table(schema)]);
  if (exists.rows[0]?.t == null) return [];
  const { rows } = await client.query<{
    kind: DatabaseKind;
    tag: string;
    hash: string;
    method: MigrationMethod;
    compatibility: MigrationCompatibility | null;
    applied_at: string;
    applied_by: string;
  }>(
    `SELECT kind, tag, hash, method, compatibility, applied_at::text AS applied_at, applied_by
       FROM ${table(schema)} ORDER BY applied_at, kind, tag`,
  );
  return rows.map((r) => ({
    kind: r.kind,
    tag: r.tag,
    hash: r.hash,
    method: r.method,
    compatibility: r.compatibility,
    appliedAt: r.applied_at,
    appliedBy: r.applied_by,
  }));
}

export async function recordPgMigration(
  client: PgClient,
  schema: string,
  entry: {
    kind: DatabaseKind;
    tag: string;
    hash: string;
    compatibility: MigrationCompatibility | null;
    host: string;
  },
): Promise<void> {
  // The server's clock, read when the row is written (not the transaction's start, which may
  // have waited for the lock); who is the database role plus this machine and process.
  await client.query(
    `INSERT INTO ${table(schema)} (kind, tag, hash, method, compatibility, applied_at, applied_by)
     VALUES ($1, $2, $3, 'applied', $4, clock_timestamp(), current_user || '@' || $5)`,
    [entry.kind, entry.tag, entry.hash, entry.compatibility, entry.host],
  );
}

export async function forgetPgMigration(
  client: PgClient,
  schema: string,
  kind: DatabaseKind,
  tag: string,
): Promise<void> {
  await client.query(`DELETE FROM ${table(schema)} WHERE kind = $1 AND tag = $2`, [kind, tag]);
}
