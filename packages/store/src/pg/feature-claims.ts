import { SchemaError } from '@forgedb/db-core';
import type { PgClient } from '@forgedb/db-core/pg';
import { serializeFeature, type SqlaDateTime } from '@forgedb/schema';
import type { FeaturesAdapter } from '../adapter.js';
import type { Lease } from '../api.js';
import { addSeconds } from '../clock.js';
import { leaseOf } from '../features/lease.js';
import { dependenciesSatisfied } from '../features/queue-views.js';
import {
  CLAIM_AND_GET_CHECKS,
  CLAIM_CHECKS,
  NO_CHECKS,
  isAlreadyClaimed,
  leaseLost,
} from '../features/refusals.js';
import type { ClaimTerms } from '../validation/index.js';
import type { FeatureQueries } from './feature-queries.js';
import { FEATURE_COLUMNS, guardParams, toFeatureRows, type FeatureRow } from './feature-sql.js';
import { tsParam } from './pg-context.js';
import { queueSnapshot } from './ranking.js';

type FeatureClaims = Pick<
  FeaturesAdapter,
  'claim' | 'claimAndGet' | 'claimNext' | 'renew' | 'release' | 'reclaimStale'
>;

/** Claimable by this transaction: not passing, not waiting, and idle or (for claimNext) held by an expired lease. */
const CLAIMABLE = `NOT passes AND NOT needs_human_input
  AND (NOT in_progress OR ($3::boolean AND lease_expires_at IS NOT NULL AND lease_expires_at <= $4::timestamptz))`;

/**
 * Claims and leases (docs/store.md, "Leases"). A claim is one statement: it locks its row first
 * (claimNext with SKIP LOCKED, so agents never wait on each other's candidate), then takes its
 * generation from the project's lease state and writes the row: the lease-state row is locked
 * only from that statement to the commit.
 */
export function featureClaims(q: FeatureQueries): FeatureClaims {
  const { ctx, sql, mustGet, refusal, guarded } = q;
  const { t, projectId } = ctx;

  /**
   * Claims the row that `target` (a SELECT of its id, in_progress and claim_generation, FOR
   * UPDATE, over $1..$4) locks, in ONE statement: the row is locked and checked claimable, then
   * given a generation above every one issued in the project and above its own (past a takeover's
   * holder). The lease state's row is locked only from here to the commit, after the feature's.
   * Undefined when `target` locked nothing.
   */
  const claimLocked = async (
    client: PgClient,
    target: string,
    selection: { ids: number | number[]; takeover: boolean },
    terms: ClaimTerms,
    now: SqlaDateTime,
  ): Promise<{ row: FeatureRow; lease: Lease } | undefined> => {
    const { rows } = await client.query(
      `WITH locked AS (${target}),
       issued AS (
         UPDATE ${t.leaseState} SET updated_at = $4::timestamptz, generation = GREATEST(generation + 1,
                (SELECT claim_generation + CASE WHEN in_progress THEN 1 ELSE 0 END FROM locked))
          WHERE project_id = $1 AND EXISTS (SELECT 1 FROM locked) RETURNING generation, epoch),
       claimed AS (
         UPDATE ${t.features} SET in_progress = true, claimed_by = $5, claimed_at = $4::timestamptz,
                lease_expires_at = $6::timestamptz, claim_generation = (SELECT generation FROM issued),
                updated_at = $4::timestamptz
          WHERE project_id = $1 AND id = (SELECT id FROM locked) AND EXISTS (SELECT 1 FROM issued)
         RETURNING ${FEATURE_COLUMNS}, (SELECT epoch FROM issued) AS epoch)
       SELECT claimed.* FROM locked LEFT JOIN claimed ON true`,
      [
        projectId,
        selection.ids,
        selection.takeover,
        tsParam(now),
        terms.agent,
        terms.seconds === null ? null : tsParam(addSeconds(now, terms.seconds)),
      ],
    );
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

  const claimOne = (client: PgClient, id: number, terms: ClaimTerms, now: SqlaDateTime) =>
    claimLocked(client, ONE, { ids: id, takeover: false }, terms, now);

  return {
    claim(id, terms) {
      return ctx.write(async (client, now) => {
        const claimed = await claimOne(client, id, terms, now);
        if (!claimed) throw await refusal(client, id, undefined, CLAIM_CHECKS);
        return { feature: serializeFeature(claimed.row), lease: claimed.lease };
      });
    },

    claimAndGet(id, terms) {
      return ctx.write(async (client, now) => {
        const claimed = await claimOne(client, id, terms, now);
        if (claimed)
          return { feature: serializeFeature(claimed.row), already_claimed: false, lease: claimed.lease };
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
        // never waited for. Its dependencies are judged from that view, as a read would.
        const snapshot = await queueSnapshot(ctx, client);
        const candidates: number[] = [];
        for (const r of snapshot.ranked) {
          if (r.passes || r.needsHumanInput) continue;
          if (r.inProgress && !(r.leaseExpiresAt !== null && r.leaseExpiresAt <= now)) continue;
          if (dependenciesSatisfied(r, snapshot.passing)) candidates.push(r.id);
        }
        if (candidates.length === 0) return null;
        const claimed = await claimLocked(
          client,
          `SELECT id, in_progress, claim_generation FROM ${t.features}
            WHERE project_id = $1 AND id = ANY($2::bigint[]) AND ${CLAIMABLE}
            ORDER BY array_position($2::bigint[], id) LIMIT 1 FOR UPDATE SKIP LOCKED`,
          { ids: candidates, takeover: true },
          { agent: terms.agent, seconds: terms.seconds },
          now,
        );
        if (!claimed) return null;
        return { feature: serializeFeature(claimed.row), lease: claimed.lease };
      });
    },

    renew(lease, seconds) {
      return ctx.write(async (client, now) => {
        const { rows } = await client.query(
          `UPDATE ${t.features} SET lease_expires_at = $7::timestamptz, updated_at = $8::timestamptz
            WHERE ${sql.where} AND ${sql.live} AND NOT passes RETURNING ${FEATURE_COLUMNS}`,
          [
            ...guardParams(projectId, lease.feature_id, lease),
            tsParam(addSeconds(now, seconds)),
            tsParam(now),
          ],
        );
        const renewed = toFeatureRows(rows)[0];
        if (!renewed) {
          await mustGet(client, lease.feature_id);
          throw leaseLost(lease);
        }
        return leaseOf(renewed, lease.epoch);
      });
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
                    ELSE GREATEST((SELECT generation FROM ${t.leaseState} WHERE project_id = $1), claim_generation) + 1 END,
                  updated_at = $2::timestamptz
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
