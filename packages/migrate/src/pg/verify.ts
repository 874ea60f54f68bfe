import { openPool, withTransaction } from '@forgedb/db-core/pg';
import { refuseUnsafeHistory } from '../plan/refusals.js';
import { readPgHistory } from './history.js';
import { quoteIdent } from './in-schema.js';
import {
  inspectTarget,
  projectCounts,
  refuseUnknownProject,
  streams,
  type PgInspectOptions,
} from './status.js';

const quote = quoteIdent;

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
export async function verifyPg(options: PgInspectOptions): Promise<PgVerifyReport> {
  const target = inspectTarget(options);
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
