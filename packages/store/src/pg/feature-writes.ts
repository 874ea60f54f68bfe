import { NotFoundError } from '@forgedb/db-core';
import type { PgClient } from '@forgedb/db-core/pg';
import { readDependencyEntries, serializeFeature } from '@forgedb/schema';
import type { FeatureMark, FeaturesAdapter } from '../adapter.js';
import type { FeatureBulkItem } from '../api.js';
import { UnsafeIdError } from '../errors.js';
import { checkDependencyList, nextDependencies } from '../features/dependency-rules.js';
import {
  NO_CHECKS,
  PASSING_CHECKS,
  REQUEST_HUMAN_INPUT_CHECKS,
  RESPOND_HUMAN_INPUT_CHECKS,
  type RefusalCheck,
} from '../features/refusals.js';
import type { FeatureQueries } from './feature-queries.js';
import { FEATURE_COLUMNS, MARK_CHANGED, storedDependencies, toFeatureRows } from './feature-sql.js';
import { tsParam } from './pg-context.js';

type FeatureWrites = Pick<
  FeaturesAdapter,
  'create' | 'createBulk' | 'mark' | 'requestHumanInput' | 'respondHumanInput' | 'changeDependencies'
>;

const MARK_CHECKS: Record<FeatureMark, readonly RefusalCheck[]> = {
  passing: PASSING_CHECKS,
  failing: NO_CHECKS,
  skip: PASSING_CHECKS,
  clear: NO_CHECKS,
};

/** Creation, outcomes, human input and dependencies: each one transaction, guarded as on SQLite. */
export function featureWrites(q: FeatureQueries): FeatureWrites {
  const { ctx, sql, refusal, bumpGraph, guarded } = q;
  const { t, projectId } = ctx;
  const marks: Record<FeatureMark, { set: string; guard: string; graph?: boolean }> = {
    passing: { set: `passes = true, in_progress = false, ${sql.endClaim}`, guard: 'NOT passes' },
    failing: { set: `passes = false, in_progress = false, ${sql.endClaim}`, guard: 'true' },
    // A new priority changes the ranking: the graph version moves with it.
    skip: {
      set: `priority = (SELECT MAX(priority) FROM ${t.features} WHERE project_id = $1) + 1, in_progress = false, ${sql.endClaim}`,
      guard: 'NOT passes',
      graph: true,
    },
    clear: { set: `in_progress = false, ${sql.endClaim}`, guard: 'true' },
  };

  /** Inserts one feature at id max + 1 (the project row's lock, taken by bumpGraph, serialises this). */
  const insert = async (
    client: PgClient,
    item: FeatureBulkItem,
    priority: number,
    dependencies: string | null,
    now: string,
  ) => {
    const { rows } = await client.query(
      `INSERT INTO ${t.features} (project_id, id, priority, category, name, description, steps, dependencies,
                                  created_at, updated_at, changed_xid)
       VALUES ($1, (SELECT COALESCE(MAX(id), 0) + 1 FROM ${t.features} WHERE project_id = $1), $2, $3, $4, $5,
               $6::jsonb, $7, $8::timestamptz, $8::timestamptz, pg_current_xact_id())
       RETURNING ${FEATURE_COLUMNS}`,
      [
        projectId,
        priority,
        item.category,
        item.name,
        item.description,
        JSON.stringify(item.steps),
        dependencies,
        tsParam(now),
      ],
    );
    return toFeatureRows(rows)[0]!;
  };

  const nextPriority = async (client: PgClient) => {
    const { rows } = await client.query<{ p: string }>(
      `SELECT COALESCE(MAX(priority), 0) + 1 AS p FROM ${t.features} WHERE project_id = $1`,
      [projectId],
    );
    return Number(rows[0]!.p);
  };

  return {
    create(item) {
      return ctx.write(async (client, now) => {
        await bumpGraph(client, now);
        return serializeFeature(await insert(client, item, await nextPriority(client), null, now));
      });
    },

    createBulk(items) {
      return ctx.write(async (client, now) => {
        await bumpGraph(client, now);
        // Under the project row's lock the next ids and priorities are known before the insert,
        // so the whole batch (dependencies on earlier items included) is one INSERT.
        const { rows: next } = await client.query<{ id: string; priority: string }>(
          `SELECT COALESCE(MAX(id), 0) + 1 AS id, COALESCE(MAX(priority), 0) + 1 AS priority
             FROM ${t.features} WHERE project_id = $1`,
          [projectId],
        );
        const firstId = Number(next[0]!.id);
        const firstPriority = Number(next[0]!.priority);
        if (!Number.isSafeInteger(firstId + items.length)) {
          throw new UnsafeIdError(
            [],
            `Cannot create ${items.length} feature(s): ids would pass ${Number.MAX_SAFE_INTEGER}, the largest a ` +
              'JavaScript number holds exactly. Nothing was created.',
          );
        }
        const { rows } = await client.query(
          `INSERT INTO ${t.features} (project_id, id, priority, category, name, description, steps, dependencies,
                                      created_at, updated_at, changed_xid)
           SELECT $1, $2::bigint + n - 1, $3::bigint + n - 1, category, name, description, steps::jsonb, dependencies,
                  $9::timestamptz, $9::timestamptz, pg_current_xact_id()
             FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                  WITH ORDINALITY AS b(category, name, description, steps, dependencies, n)
           ORDER BY n
           RETURNING ${FEATURE_COLUMNS}`,
          [
            projectId,
            firstId,
            firstPriority,
            items.map((item) => item.category),
            items.map((item) => item.name),
            items.map((item) => item.description),
            items.map((item) => JSON.stringify(item.steps)),
            items.map((item) =>
              storedDependencies((item.depends_on_indices ?? []).map((index) => firstId + index)),
            ),
            tsParam(now),
          ],
        );
        const features = toFeatureRows(rows)
          .sort((a, b) => a.id - b.id)
          .map(serializeFeature);
        return { created: features.length, features };
      });
    },

    mark(mark, id, lease) {
      return guarded(id, lease, marks[mark], MARK_CHECKS[mark]);
    },

    requestHumanInput(id, request, lease) {
      return guarded(
        id,
        lease,
        {
          set: `needs_human_input = true, in_progress = false, human_input_request = $8::jsonb,
                human_input_response = NULL, ${sql.endClaim}`,
          guard: 'in_progress AND NOT passes',
          extra: [JSON.stringify(request)],
        },
        REQUEST_HUMAN_INPUT_CHECKS,
      );
    },

    respondHumanInput(id, response) {
      return guarded(
        id,
        undefined,
        {
          set: 'needs_human_input = false, human_input_response = $8::jsonb',
          guard: 'needs_human_input',
          extra: [JSON.stringify(response)],
        },
        RESPOND_HUMAN_INPUT_CHECKS,
      );
    },

    changeDependencies(id, change) {
      return ctx.write(async (client, now) => {
        // The project lock first: no other graph change can interleave with the cycle check.
        await bumpGraph(client, now);
        const { rows } = await client.query<{ id: string; dependencies: string | null }>(
          `SELECT id, dependencies FROM ${t.features} WHERE project_id = $1`,
          [projectId],
        );
        const lists = new Map(rows.map((r) => [Number(r.id), readDependencyEntries(r.dependencies).ids]));
        const dependenciesOf = (f: number): readonly number[] | undefined => lists.get(f);
        const current = dependenciesOf(id);
        if (!current) throw new NotFoundError('feature', id);
        const list = nextDependencies(id, current, change);
        checkDependencyList(id, list, (d) => lists.has(d), dependenciesOf);
        const updated = await client.query(
          `UPDATE ${t.features} SET dependencies = $3, updated_at = $4::timestamptz, ${MARK_CHANGED}
            WHERE project_id = $1 AND id = $2 RETURNING ${FEATURE_COLUMNS}`,
          [projectId, id, storedDependencies(list), tsParam(now)],
        );
        const row = toFeatureRows(updated.rows)[0];
        if (!row) throw await refusal(client, id, undefined, NO_CHECKS);
        return serializeFeature(row);
      });
    },
  };
}
