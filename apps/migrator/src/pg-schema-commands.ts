import { migrationMembership, refuseUnsafeHistory, type Membership } from '@forgedb/migrate';
import {
  migratePg,
  PG_KINDS,
  readPgHistory,
  type PgAppliedMigration,
  type PgMigrateResult,
} from '@forgedb/migrate/pg';
import { openPool, withTransaction, type PgClient } from '@forgedb/db-core/pg';
import { loadMigrations, type DatabaseKind } from '@forgedb/schema';
import { NotFoundError } from '@forgedb/db-core';
import type { PgTarget } from './pg-target.js';

/*
 * migrate, status and verify on PostgreSQL: database-wide (one schema holds every project), so
 * they work on the server's schema and history rather than through one project's store.
 * Loaded only when a command names a server, so SQLite runs never load the pg driver.
 */

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function migrateOnPg(
  target: PgTarget,
  options: { to?: string; dryRun: boolean },
): Promise<PgMigrateResult> {
  return migratePg({ database: target.url, schema: target.schema, to: options.to, dryRun: options.dryRun });
}

export interface PgStreamStatus {
  kind: DatabaseKind;
  applied: { tag: string; appliedAt: string; appliedBy: string }[];
  pending: string[];
  unknownApplied: string[];
  changedFiles: string[];
}

export interface PgProjectStatus {
  name: string;
  features: number;
  passing: number;
  inProgress: number;
}

export interface PgStatus {
  database: string;
  schema: string;
  streams: PgStreamStatus[];
  /** Null when the schema has no projects table (never migrated, or migrated down to base). */
  projects: PgProjectStatus[] | null;
}

function streams(history: PgAppliedMigration[]): { kind: DatabaseKind; membership: Membership }[] {
  return PG_KINDS.map((kind) => ({
    kind,
    membership: migrationMembership(
      history.filter((h) => h.kind === kind),
      loadMigrations(kind, 'postgresql'),
    ),
  }));
}

async function tableExists(client: PgClient, schema: string, table: string): Promise<boolean> {
  const { rows } = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [
    `${quote(schema)}.${quote(table)}`,
  ]);
  return rows[0]?.t != null;
}

async function projectCounts(
  client: PgClient,
  schema: string,
  project: string | undefined,
): Promise<PgProjectStatus[] | null> {
  if (!(await tableExists(client, schema, 'projects')) || !(await tableExists(client, schema, 'features')))
    return null;
  const { rows } = await client.query<{
    name: string;
    features: string;
    passing: string;
    in_progress: string;
  }>(
    `SELECT p.name, count(f.pk) AS features,
            count(f.pk) FILTER (WHERE f.passes) AS passing,
            count(f.pk) FILTER (WHERE f.in_progress) AS in_progress
       FROM ${quote(schema)}.projects p LEFT JOIN ${quote(schema)}.features f ON f.project_id = p.id
      WHERE $1::text IS NULL OR p.name = $1
      GROUP BY p.name ORDER BY p.name`,
    [project ?? null],
  );
  return rows.map((r) => ({
    name: r.name,
    features: Number(r.features),
    passing: Number(r.passing),
    inProgress: Number(r.in_progress),
  }));
}

function refuseUnknownProject(target: PgTarget, projects: PgProjectStatus[] | null): void {
  if (target.project !== undefined && !projects?.length) {
    throw new NotFoundError('project', JSON.stringify(target.project), {
      hint: `no such project in schema ${target.schema}; nothing was changed.`,
    });
  }
}

/** What the schema's history and projects are; read-only, nothing is created. */
export async function statusOnPg(target: PgTarget): Promise<PgStatus> {
  const db = await openPool(target.url, { max: 1 });
  try {
    return await withTransaction(db, { readOnly: true }, async (client) => {
      const history = await readPgHistory(client, target.schema);
      const projects = await projectCounts(client, target.schema, target.project);
      refuseUnknownProject(target, projects);
      return {
        database: db.target,
        schema: target.schema,
        streams: streams(history).map(({ kind, membership }) => ({
          kind,
          applied: history
            .filter((h) => h.kind === kind)
            .map((h) => ({ tag: h.tag, appliedAt: h.appliedAt, appliedBy: h.appliedBy })),
          pending: membership.pending.map((m) => m.tag),
          unknownApplied: membership.unknownApplied,
          changedFiles: membership.changedFiles,
        })),
        projects,
      };
    });
  } finally {
    await db.close();
  }
}

export interface PgCheck {
  name: string;
  ok: boolean;
  problems: string[];
  notes: string[];
}

export interface PgVerifyReport {
  database: string;
  schema: string;
  ok: boolean;
  checks: PgCheck[];
}

const check = (name: string, problems: string[], notes: string[] = []): PgCheck => ({
  name,
  ok: problems.length === 0,
  problems,
  notes,
});

/**
 * The server's health as forgedb sees it: the migration history against what this version
 * ships, and, per project (or the one --project-name names), its lease state and feature ids.
 * The server itself vouches for integrity and foreign keys, so those SQLite checks have no twin.
 */
export async function verifyOnPg(target: PgTarget): Promise<PgVerifyReport> {
  const db = await openPool(target.url, { max: 1 });
  const s = quote(target.schema);
  try {
    return await withTransaction(db, { readOnly: true }, async (client) => {
      const history = await readPgHistory(client, target.schema);
      const migrationProblems: string[] = [];
      const migrationNotes: string[] = [];
      for (const { kind, membership } of streams(history)) {
        try {
          refuseUnsafeHistory(membership, `${db.target} (schema ${target.schema}, ${kind} migrations)`);
        } catch (error) {
          migrationProblems.push((error as Error).message);
        }
        if (membership.pending.length)
          migrationProblems.push(
            `${kind}: pending ${membership.pending.map((m) => m.tag).join(', ')} (run forgedb migrate --database-url …)`,
          );
        const compatible = membership.unknownApplied.filter(
          (t) => !membership.unknownIncompatible.includes(t),
        );
        if (compatible.length)
          migrationNotes.push(
            `${kind}: applied by a newer forgedb, backward compatible: ${compatible.join(', ')}`,
          );
      }
      const checks = [check('migrations', migrationProblems, migrationNotes)];
      const projects = await projectCounts(client, target.schema, target.project);
      refuseUnknownProject(target, projects);
      if (projects !== null) {
        const scope = target.project === undefined ? 'TRUE' : 'p.name = $1';
        const params = target.project === undefined ? [] : [target.project];
        const noLease = await client.query<{ name: string }>(
          `SELECT p.name FROM ${s}.projects p LEFT JOIN ${s}.lease_state l ON l.project_id = p.id
            WHERE l.project_id IS NULL AND ${scope} ORDER BY p.name`,
          params,
        );
        checks.push(
          check(
            'lease state',
            noLease.rows.map(
              (r) => `project ${JSON.stringify(r.name)} has no lease state: claims would fail`,
            ),
          ),
        );
        const badIds = await client.query<{ name: string; id: string }>(
          `SELECT p.name, f.id::text AS id FROM ${s}.features f JOIN ${s}.projects p ON p.id = f.project_id
            WHERE (f.id <= 0 OR f.id > 9007199254740991) AND ${scope} ORDER BY p.name, f.id LIMIT 100`,
          params,
        );
        checks.push(
          check(
            'feature ids',
            badIds.rows.map(
              (r) => `project ${JSON.stringify(r.name)}: feature id ${r.id} is not in 1..2^53-1`,
            ),
          ),
        );
      }
      return { database: db.target, schema: target.schema, ok: checks.every((c) => c.ok), checks };
    });
  } finally {
    await db.close();
  }
}
