import { SchemaError } from '@forgedb/db-core';
import { serializeFeature } from '@forgedb/schema';
import type { FeaturesAdapter } from '../adapter.js';
import type { Lease } from '../api.js';
import { addSeconds } from '../clock.js';
import { leaseOf } from '../features/lease.js';
import {
  CLAIM_AND_GET_CHECKS,
  CLAIM_CHECKS,
  NO_CHECKS,
  isAlreadyClaimed,
  leaseLost,
} from '../features/refusals.js';
import type { ClaimTerms } from '../validation/index.js';
import type { FeatureQueries } from './feature-queries.js';
import {
  FEATURE_COLUMNS,
  MARK_CHANGED,
  guardParams,
  issuedGenerations,
  toFeatureRows,
  type FeatureRow,
} from './feature-sql.js';
import { timeAt, tsParam, type Statement, type StatementTime } from './pg-context.js';
import { claimCandidates, withQueue } from './ranking.js';

type FeatureClaims = Pick<
  FeaturesAdapter,
  'claim' | 'claimAndGet' | 'claimNext' | 'renew' | 'release' | 'reclaimStale'
>;

/** How many candidates claimNext offers its SKIP LOCKED statement first (then 4x as many each time). */
const FIRST_CANDIDATES = 16;

/** Claimable by this transaction: not passing, not waiting, and idle or (for claimNext) held by an expired lease. */
const CLAIMABLE = `NOT passes AND NOT needs_human_input
  AND (NOT in_progress OR ($3::boolean AND lease_expires_at IS NOT NULL AND lease_expires_at <= $4::timestamptz))`;

/**
 * Claims and leases (docs/store.md, "Leases"). A claim is one statement: it locks its row first
 * (claimNext with SKIP LOCKED, so agents never wait on each other's candidate), then takes its
 * generation from the claim generations sequence and writes the row. Nothing else is locked:
 * the project's lease state is only read (its epoch, and its generation as a floor), so claims of
 * different features never wait for each other (docs/decisions/0015-pg-claim-generations.md).
 */
export function featureClaims(q: FeatureQueries): FeatureClaims {
  const { ctx, sql, mustGet, refusal, guarded } = q;
  const { t, projectId } = ctx;

  /**
   * The statement that claims the row `target` (a SELECT of its id, in_progress and
   * claim_generation, FOR UPDATE, over $1..$4) locks: the row is locked and checked claimable,
   * then given a generation from the sequence, never below the row's own (past a takeover's
   * holder) or the project's lease state (past what was issued before the sequence, or by an older
   * forgedb). Its result (claimedFrom) is empty when `target` locked nothing.
   */
  const claimStatement = (
    target: string,
    selection: { ids: number | number[]; takeover: boolean },
    terms: ClaimTerms,
    time: StatementTime,
  ): Statement => ({
    // nextval is not rolled back with the transaction and never waits: a claim that fails leaves
    // a gap, which fencing does not mind (generations only have to grow).
    text: `WITH locked AS (${target}),
       state AS (SELECT generation, epoch FROM ${t.leaseState} WHERE project_id = $1),
       claimed AS (
         UPDATE ${t.features} SET in_progress = true, claimed_by = $5, claimed_at = $4::timestamptz,
                lease_expires_at = $6::timestamptz, updated_at = $4::timestamptz, ${MARK_CHANGED},
                claim_generation = GREATEST(nextval('${t.claimGenerations}'),
                  (SELECT claim_generation + CASE WHEN in_progress THEN 1 ELSE 0 END FROM locked),
                  (SELECT generation + 1 FROM state))
          WHERE project_id = $1 AND id = (SELECT id FROM locked) AND EXISTS (SELECT 1 FROM state)
         RETURNING ${FEATURE_COLUMNS}, (SELECT epoch FROM state) AS epoch)
       SELECT claimed.* FROM locked LEFT JOIN claimed ON true`,
    values: [
      projectId,
      selection.ids,
      selection.takeover,
      time.now,
      terms.agent,
      terms.seconds === null ? null : time.after(terms.seconds),
    ],
  });

  /** The claimed row and its lease from claimStatement's rows; undefined when nothing was locked. */
  const claimedFrom = (rows: unknown[]): { row: FeatureRow; lease: Lease } | undefined => {
    const raw = rows[0] as { id: string | null; epoch: string } | undefined;
    if (!raw) return undefined;
    if (raw.id === null) {
      throw new SchemaError(
        `${ctx.db.target}: project ${JSON.stringify(ctx.projectName)} has no lease state row (table ` +
          `${ctx.schema}.lease_state), so no claim can be fenced. Nothing was changed; recreate the project's ` +
          'lease state (e.g. copy the project again with `forgedb copy --replace`).',
      );
    }
    const row = toFeatureRows(rows)[0]!;
    return { row, lease: leaseOf(row, raw.epoch) };
  };

  /** Feature $2 if it can be claimed (waiting for another writer's lock on it, as a direct claim should). */
  const ONE = `SELECT id, in_progress, claim_generation FROM ${t.features}
    WHERE project_id = $1 AND id = $2::bigint AND ${CLAIMABLE} FOR UPDATE`;

  /** The first of the candidates $2, in that order, that is claimable and that no other transaction holds. */
  const FIRST_FREE = `SELECT id, in_progress, claim_generation FROM ${t.features}
    WHERE project_id = $1 AND id = ANY($2::bigint[]) AND ${CLAIMABLE}
    ORDER BY array_position($2::bigint[], id) LIMIT 1 FOR UPDATE SKIP LOCKED`;

  /** Claims feature `id` in one round trip: its own transaction, one statement. */
  const claimOne = async (id: number, terms: ClaimTerms) =>
    claimedFrom(
      (await ctx.writeStatement((time) => claimStatement(ONE, { ids: id, takeover: false }, terms, time)))
        .rows,
    );

  return {
    async claim(id, terms) {
      const claimed = await claimOne(id, terms);
      // Refused: why is read afterwards (nothing was written), in a transaction of its own.
      if (!claimed) throw await ctx.read((client) => refusal(client, id, undefined, CLAIM_CHECKS));
      return { feature: serializeFeature(claimed.row), lease: claimed.lease };
    },

    async claimAndGet(id, terms) {
      const claimed = await claimOne(id, terms);
      if (claimed)
        return { feature: serializeFeature(claimed.row), already_claimed: false, lease: claimed.lease };
      return ctx.read(async (client) => {
        const current = await mustGet(client, id);
        if (isAlreadyClaimed(current))
          return { feature: serializeFeature(current), already_claimed: true, lease: null };
        throw await refusal(client, id, undefined, CLAIM_AND_GET_CHECKS);
      });
    },

    claimNext(terms) {
      return ctx.write(async (client, now) => {
        // The candidates in ready order, from one statement's view of the statuses; each one's own
        // state is checked again under its row lock, and rows another claimer holds are skipped,
        // never waited for. Its dependencies are judged from that view, as a read would. They are
        // offered in growing batches: the first lockable one is almost always among the first few.
        const { first, more } = await withQueue(ctx, client, (state) => {
          const next = claimCandidates(state, now);
          return { first: next(FIRST_CANDIDATES), more: next };
        });
        const agentTerms = { agent: terms.agent, seconds: terms.seconds };
        for (let batch = first, size = FIRST_CANDIDATES; batch.length > 0; batch = more((size *= 4))) {
          const { text, values } = claimStatement(
            FIRST_FREE,
            { ids: batch, takeover: true },
            agentTerms,
            timeAt(now),
          );
          const claimed = claimedFrom((await client.query(text, values)).rows);
          if (claimed) return { feature: serializeFeature(claimed.row), lease: claimed.lease };
        }
        return null;
      });
    },

    async renew(lease, seconds) {
      const { rows } = await ctx.writeStatement((time) => ({
        text: `UPDATE ${t.features} SET lease_expires_at = $7::timestamptz, updated_at = $8::timestamptz, ${MARK_CHANGED}
                WHERE ${sql.where} AND ${sql.live} AND NOT passes RETURNING ${FEATURE_COLUMNS}`,
        values: [...guardParams(projectId, lease.feature_id, lease), time.after(seconds), time.now],
      }));
      const renewed = toFeatureRows(rows)[0];
      if (!renewed) {
        await ctx.read((client) => mustGet(client, lease.feature_id));
        throw leaseLost(lease);
      }
      return leaseOf(renewed, lease.epoch);
    },

    release(lease) {
      return guarded(
        lease.feature_id,
        lease,
        { set: `in_progress = false, ${sql.endClaim}`, guard: 'true' },
        NO_CHECKS,
      );
    },

    reclaimStale(olderThanSeconds) {
      return ctx.write(async (client, now) => {
        const cutoff = addSeconds(now, -olderThanSeconds);
        // One UPDATE: claims with no recorded time (the Python app's) are stamped now and kept,
        // the others older than the cutoff end; RETURNING tells which is which.
        const { rows } = await client.query<{ id: string; first_seen: boolean }>(
          `UPDATE ${t.features}
              SET in_progress = (claimed_at IS NULL),
                  claimed_at = CASE WHEN claimed_at IS NULL THEN $2::timestamptz END,
                  claimed_by = CASE WHEN claimed_at IS NULL THEN claimed_by END,
                  lease_expires_at = CASE WHEN claimed_at IS NULL THEN lease_expires_at END,
                  claim_generation = CASE WHEN claimed_at IS NULL THEN claim_generation
                    ELSE GREATEST(${issuedGenerations(t)}, claim_generation) + 1 END,
                  updated_at = $2::timestamptz, ${MARK_CHANGED}
            WHERE project_id = $1 AND in_progress AND NOT passes
              AND (lease_expires_at IS NULL OR lease_expires_at <= $2::timestamptz)
              AND (claimed_at IS NULL OR claimed_at <= $3::timestamptz)
            RETURNING id, in_progress AS first_seen`,
          [projectId, tsParam(now), tsParam(cutoff)],
        );
        const ids = (first: boolean) =>
          rows
            .filter((r) => r.first_seen === first)
            .map((r) => Number(r.id))
            .sort((a, b) => a - b);
        return { reclaimed: ids(false), first_seen: ids(true) };
      });
    },
  };
}
