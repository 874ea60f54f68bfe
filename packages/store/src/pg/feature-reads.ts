import { NotFoundError } from '@forgedb/db-core';
import type { PgClient } from '@forgedb/db-core/pg';
import { serializeFeature, textCell, type FeatureDict } from '@forgedb/schema';
import type { FeaturesAdapter } from '../adapter.js';
import type { FeatureStatusFilter } from '../api.js';
import { encodeCursor } from '../features/cursor.js';
import { blockedRows, graphStatus } from '../features/queue-views.js';
import type { FeatureQueries } from './feature-queries.js';
import { FEATURE_COLUMNS, toFeatureRows } from './feature-sql.js';
import { intLiteral } from './pg-context.js';
import { queueSnapshotOf, readyIds, withQueue } from './ranking.js';

type FeatureReads = Pick<FeaturesAdapter, 'stats' | 'get' | 'list' | 'ready' | 'blocked' | 'graph'>;

const STATUS_WHERE: Record<FeatureStatusFilter, string> = {
  pending: 'NOT passes AND NOT in_progress AND NOT needs_human_input',
  in_progress: 'in_progress AND NOT passes',
  passing: 'passes',
  needs_human_input: 'needs_human_input',
};

/** Reads: single statements, or one REPEATABLE READ transaction where the queue and the rows must agree. */
export function featureReads(q: FeatureQueries): FeatureReads {
  const { ctx } = q;
  const { t, projectId } = ctx;

  /** The full rows of `ids`, in that order. */
  const rowsOf = async (client: PgClient, ids: readonly number[]): Promise<FeatureDict[]> => {
    if (ids.length === 0) return [];
    const { rows } = await client.query(
      `SELECT ${FEATURE_COLUMNS} FROM ${t.features} WHERE project_id = $1 AND id = ANY($2::bigint[])`,
      [projectId, ids],
    );
    const byId = new Map(toFeatureRows(rows).map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [serializeFeature(row)] : [];
    });
  };

  return {
    stats() {
      return ctx.read(async (client) => {
        const { rows } = await client.query<Record<string, string>>(
          `SELECT count(*) AS total, count(*) FILTER (WHERE passes) AS passing,
                count(*) FILTER (WHERE in_progress) AS in_progress,
                count(*) FILTER (WHERE needs_human_input) AS needs_human_input
           FROM ${t.features} WHERE project_id = $1`,
          [projectId],
        );
        const r = rows[0]!;
        return {
          total: Number(r.total),
          passing: Number(r.passing),
          in_progress: Number(r.in_progress),
          needs_human_input: Number(r.needs_human_input),
        };
      });
    },

    async get(id) {
      // One statement, integers only: BEGIN, settings, SELECT and COMMIT in one round trip.
      const { rows } = await ctx.readStatement(
        `SELECT ${FEATURE_COLUMNS} FROM ${t.features} WHERE project_id = ${intLiteral(projectId)} AND id = ${intLiteral(id)}`,
      );
      const row = toFeatureRows(rows)[0];
      if (!row) throw new NotFoundError('feature', id);
      return serializeFeature(row);
    },

    list(query) {
      const params: unknown[] = [projectId];
      const where = ['project_id = $1'];
      if (query.status) where.push(STATUS_WHERE[query.status]);
      if (query.category !== undefined) {
        params.push(query.category);
        where.push(`category = $${params.length}`);
      }
      if (query.after) {
        params.push(query.after.priority, query.after.id);
        where.push(`(priority, id) > ($${params.length - 1}::bigint, $${params.length}::bigint)`);
      }
      params.push(query.limit + 1);
      return ctx.read(async (client) => {
        const { rows } = await client.query(
          `SELECT ${FEATURE_COLUMNS} FROM ${t.features} WHERE ${where.join(' AND ')}
          ORDER BY priority, id LIMIT $${params.length}`,
          params,
        );
        const all = toFeatureRows(rows);
        const page = all.slice(0, query.limit);
        const last = page.at(-1);
        return {
          items: page.map(serializeFeature),
          next_cursor: all.length > query.limit && last ? encodeCursor(last.priority, last.id) : null,
        };
      });
    },

    ready(limit) {
      return ctx.read(async (client) => {
        const ready = await withQueue(ctx, client, (state) => readyIds(state, limit));
        return { features: await rowsOf(client, ready.ids), total_ready: ready.total };
      });
    },

    blocked(limit) {
      return ctx.read(async (client) => {
        const blocked = blockedRows(await withQueue(ctx, client, queueSnapshotOf));
        const shown = blocked.slice(0, limit);
        const features = await rowsOf(
          client,
          shown.map((b) => b.row.id),
        );
        return {
          features: features.map((f, i) => ({ ...f, blocked_by: shown[i]!.blockedBy })),
          total_blocked: blocked.length,
        };
      });
    },

    graph() {
      return ctx.read(async (client) => {
        const snapshot = await withQueue(ctx, client, queueSnapshotOf);
        const { rows } = await client.query<{ id: string; name: unknown; category: unknown }>(
          `SELECT id, name, category FROM ${t.features} WHERE project_id = $1`,
          [projectId],
        );
        const names = new Map(rows.map((r) => [Number(r.id), r]));
        return {
          nodes: snapshot.rows.map((r) => ({
            id: r.id,
            name: textCell(names.get(r.id)?.name),
            category: textCell(names.get(r.id)?.category),
            priority: r.priority,
            status: graphStatus(r, snapshot),
            dependencies: [...r.dependencies],
          })),
          edges: snapshot.rows.flatMap((r) => r.dependencies.map((d) => ({ source: d, target: r.id }))),
        };
      });
    },
  };
}
