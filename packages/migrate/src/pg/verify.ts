import { openPool, withTransaction, type PgClient } from '@forgedb/db-core/pg';
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

/** The migration that made claims take their generations from a sequence (decision 0015). */
const CLAIM_GENERATIONS_TAG = '0001_claim_generations';

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
        if (history.some((h) => h.kind === 'features' && h.tag === CLAIM_GENERATIONS_TAG)) {
          checks.push(await claimGenerationsCheck(client, target.schema, scope, params));
        }
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

/**
 * The sequence claims take their generations from: missing, every claim fails; behind a
 * project's generations (an older forgedb claimed there, or a restore put it back), claims stay
 * fenced, since each takes at least one above the lease state and the row's own, but the
 * project's claims share generations until the sequence passes them, so that is a note.
 */
async function claimGenerationsCheck(
  client: PgClient,
  schema: string,
  scope: string,
  params: string[],
): Promise<PgCheck> {
  const s = quote(schema);
  const sequence = `${s}.${quote('claim_generations')}`;
  const { rows } = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [sequence]);
  if (rows[0]?.t == null) {
    return check('claim generations', [
      `the sequence ${schema}.claim_generations is missing, so every claim fails: create it again as ` +
        `migration ${CLAIM_GENERATIONS_TAG} does, moved past every generation issued (its SQL is in ` +
        `@forgedb/schema's drizzle/pg/features/${CLAIM_GENERATIONS_TAG}.sql)`,
    ]);
  }
  const behind = await client.query<{ name: string; issued: string; at: string }>(
    `SELECT p.name, GREATEST(l.generation, COALESCE(max(f.claim_generation), 0))::text AS issued,
            (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ${sequence})::text AS at
       FROM ${s}.projects p JOIN ${s}.lease_state l ON l.project_id = p.id
       LEFT JOIN ${s}.features f ON f.project_id = p.id
      WHERE ${scope}
      GROUP BY p.name, l.generation
     HAVING GREATEST(l.generation, COALESCE(max(f.claim_generation), 0))
            > (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ${sequence})
      ORDER BY p.name LIMIT 100`,
    params,
  );
  return check(
    'claim generations',
    [],
    behind.rows.map(
      (r) =>
        `project ${JSON.stringify(r.name)} has generations up to ${r.issued}, past the sequence ` +
        `${schema}.claim_generations (at ${r.at}): its claims stay fenced but share generations until the ` +
        `sequence passes them; SELECT setval('${schema}.claim_generations', ${r.issued}) moves it on`,
    ),
  );
}
