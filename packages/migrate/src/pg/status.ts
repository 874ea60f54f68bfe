import { NotFoundError } from '@forgedb/db-core';
import { openPool, withTransaction, type PgClient } from '@forgedb/db-core/pg';
import { loadMigrations, type DatabaseKind } from '@forgedb/schema';
import { DEFAULT_PG_SCHEMA } from '@forgedb/schema/pg';
import { migrationMembership, type Membership } from '../plan/membership.js';
import { readPgHistory, type PgAppliedMigration } from './history.js';
import { quoteIdent } from './in-schema.js';
import { PG_KINDS } from './migrate.js';

/*
 * What `forgedb status` and `forgedb verify` report on PostgreSQL: database-wide (one schema
 * holds every project), so they read the server's schema, history and projects rather than
 * going through one project's store. Read-only: nothing is created.
 */

export interface PgInspectOptions {
  /** A postgres:// URL. */
  database: string;
  /** Default: forgedb's schema. */
  schema?: string;
  /** Narrows the projects to this one; NotFoundError when it does not exist. */
  project?: string;
}

export interface PgInspectTarget {
  url: string;
  schema: string;
  project: string | undefined;
}

export const inspectTarget = (options: PgInspectOptions): PgInspectTarget => ({
  url: options.database,
  schema: options.schema ?? DEFAULT_PG_SCHEMA,
  project: options.project,
});

const quote = quoteIdent;

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

export function streams(history: PgAppliedMigration[]): { kind: DatabaseKind; membership: Membership }[] {
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

export async function projectCounts(
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

export function refuseUnknownProject(target: PgInspectTarget, projects: PgProjectStatus[] | null): void {
  if (target.project !== undefined && !projects?.length) {
    throw new NotFoundError('project', JSON.stringify(target.project), {
      hint: `no such project in schema ${target.schema}; nothing was changed.`,
    });
  }
}

/** What the schema's history and projects are; read-only, nothing is created. */
export async function pgStatus(options: PgInspectOptions): Promise<PgStatus> {
  const target = inspectTarget(options);
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
