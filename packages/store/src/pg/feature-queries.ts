import { NotFoundError } from '@forgedb/db-core';
import type { LiteralValue, PgClient } from '@forgedb/db-core/pg';
import { serializeFeature, type FeatureDict, type SqlaDateTime } from '@forgedb/schema';
import type { Lease } from '../api.js';
import { refusalOf, type RefusalCheck } from '../features/refusals.js';
import {
  FEATURE_COLUMNS,
  MARK_CHANGED,
  featureSql,
  guardParams,
  toFeatureRows,
  type FeatureRow,
} from './feature-sql.js';
import { timeAt, tsParam, type PgContext, type Statement, type StatementTime } from './pg-context.js';

/** What the parts of the PostgreSQL features adapter share, on top of the store's context. */
export interface FeatureQueries {
  ctx: PgContext;
  sql: ReturnType<typeof featureSql>;
  /** The row, or undefined. */
  find: (client: PgClient, id: number) => Promise<FeatureRow | undefined>;
  /** The row, or NotFoundError. */
  mustGet: (client: PgClient, id: number) => Promise<FeatureRow>;
  /** After a guarded UPDATE matched nothing, in the same transaction: what stopped it. */
  refusal: (
    client: PgClient,
    id: number,
    lease: Lease | undefined,
    checks: readonly RefusalCheck[],
  ) => Promise<Error>;
  /**
   * Bumps the project's graph_version, in the transaction of a change to the graph (ids,
   * priorities, dependencies). Its row lock also serialises the writers that allocate ids and
   * priorities (max + 1), so two creates never compute the same id.
   */
  bumpGraph: (client: PgClient, now: SqlaDateTime) => Promise<void>;
  /**
   * One guarded UPDATE ... RETURNING in its own transaction: `set` is the SET list and `guard`
   * the WHERE beside the lease's (every write names the lease parameters, NULL when unguarded),
   * over $1..$6 (guardParams), $7 (now) and then `extra` from $8; on refusal, the typed reason.
   * One round trip when it succeeds, unless it changes the graph (`graph`: the version is bumped
   * first, under its row lock).
   */
  guarded: (
    id: number,
    lease: Lease | undefined,
    statement: { set: string; guard: string; extra?: LiteralValue[]; graph?: boolean },
    checks: readonly RefusalCheck[],
  ) => Promise<FeatureDict>;
}

export function featureQueries(ctx: PgContext): FeatureQueries {
  const { t, projectId } = ctx;
  const sql = featureSql(t);

  const find = async (client: PgClient, id: number) => {
    const { rows } = await client.query(
      `SELECT ${FEATURE_COLUMNS} FROM ${t.features} WHERE project_id = $1 AND id = $2`,
      [projectId, id],
    );
    return toFeatureRows(rows)[0];
  };

  const mustGet = async (client: PgClient, id: number) => {
    const row = await find(client, id);
    if (!row) throw new NotFoundError('feature', id);
    return row;
  };

  const refusal = async (
    client: PgClient,
    id: number,
    lease: Lease | undefined,
    checks: readonly RefusalCheck[],
  ) => {
    const current = await mustGet(client, id);
    let observed: { lease: Lease; holds: boolean } | undefined;
    if (lease) {
      const { rowCount } = await client.query(
        `SELECT 1 FROM ${t.features} WHERE ${sql.where} AND ${sql.live}`,
        guardParams(projectId, id, lease),
      );
      observed = { lease, holds: (rowCount ?? 0) > 0 };
    }
    return refusalOf(id, current, observed, checks);
  };

  const bumpGraph = async (client: PgClient, now: SqlaDateTime) => {
    await client.query(
      `UPDATE ${t.projects} SET graph_version = graph_version + 1, updated_at = $2::timestamptz WHERE id = $1`,
      [projectId, tsParam(now)],
    );
  };

  return {
    ctx,
    sql,
    find,
    mustGet,
    refusal,
    bumpGraph,
    guarded: async (id, lease, statement, checks) => {
      const update = (time: StatementTime): Statement => ({
        text: `UPDATE ${t.features} SET ${statement.set}, updated_at = $7::timestamptz, ${MARK_CHANGED}
                WHERE ${sql.where} AND ${statement.guard} AND ${sql.holder} RETURNING ${FEATURE_COLUMNS}`,
        values: [...guardParams(projectId, id, lease), time.now, ...(statement.extra ?? [])],
      });
      if (statement.graph) {
        // The graph version's row lock comes first, in the same transaction (it serialises the
        // writers that compute a priority), so this write takes its own round trips.
        return ctx.write(async (client, now) => {
          await bumpGraph(client, now);
          const { text, values } = update(timeAt(now));
          const updated = toFeatureRows((await client.query(text, values)).rows)[0];
          if (!updated) throw await refusal(client, id, lease, checks);
          return serializeFeature(updated);
        });
      }
      const updated = toFeatureRows((await ctx.writeStatement(update)).rows)[0];
      // Nothing was written: what stopped it is read afterwards, in a transaction of its own.
      if (!updated) throw await ctx.read((client) => refusal(client, id, lease, checks));
      return serializeFeature(updated);
    },
  };
}
