import { SchemaError } from '@forgedb/db-core';
import { connectionInfo, readTransaction } from '@forgedb/db-core/sqlite';
import { LEASE_STATE_TABLE, serializeFeature } from '@forgedb/schema';
import type { FeaturesAdapter } from '../adapter.js';
import type { Lease } from '../api.js';
import { addSeconds } from '../clock.js';
import { leaseOf } from '../features/lease.js';
import { bestReadyRow } from '../features/queue-views.js';
import {
  CLAIM_AND_GET_CHECKS,
  CLAIM_CHECKS,
  NO_CHECKS,
  isAlreadyClaimed,
  leaseLost,
} from '../features/refusals.js';
import type { ClaimTerms } from '../validation/index.js';
import { leaseParams, type FeatureContext } from './feature-context.js';
import type { RawFeatureRow } from './feature-row.js';

type FeatureClaims = Pick<
  FeaturesAdapter,
  'claim' | 'claimAndGet' | 'claimNext' | 'renew' | 'release' | 'reclaimStale'
>;

/** Claims and leases (docs/store.md, "Leases"): each a guarded UPDATE in one write transaction. */
export function featureClaims(ctx: FeatureContext): FeatureClaims {
  const { db, clock, st, snapshots, write, mustGet, refusal, guarded } = ctx;

  /** The claimed row and its lease, or undefined when the guard refused the claim. */
  const claimRow = (
    id: number,
    terms: ClaimTerms,
    takeover: boolean,
    now = clock.now(),
  ): { row: RawFeatureRow; lease: Lease } | undefined => {
    const row = st.claim.get({
      id,
      agent: terms.agent,
      now,
      expires: terms.seconds === null ? null : addSeconds(now, terms.seconds),
      takeover: takeover ? 1 : 0,
    });
    if (!row) return undefined;
    const epoch = st.recordIssued.get({ generation: row.claim_generation }) as string | undefined;
    if (epoch === undefined) {
      throw new SchemaError(
        `${db.name}: forgedb's lease state (table ${LEASE_STATE_TABLE}) is missing its row, so no claim can be ` +
          'fenced. Run `forgedb migrate` (or reopen the store) to restore it. Nothing was changed.',
      );
    }
    snapshots.noteOwnWrite(row, 2);
    return { row, lease: leaseOf(row, epoch) };
  };

  return {
    claim(id, terms) {
      return write(() => {
        const claimed = claimRow(id, terms, false);
        if (!claimed) throw refusal(id, undefined, CLAIM_CHECKS);
        return { feature: serializeFeature(claimed.row), lease: claimed.lease };
      });
    },

    claimAndGet(id, terms) {
      return write(() => {
        const claimed = claimRow(id, terms, false);
        if (claimed)
          return { feature: serializeFeature(claimed.row), already_claimed: false, lease: claimed.lease };
        const current = mustGet(id);
        if (isAlreadyClaimed(current))
          return { feature: serializeFeature(current), already_claimed: true, lease: null };
        throw refusal(id, undefined, CLAIM_AND_GET_CHECKS);
      });
    },

    claimNext(terms) {
      // Catching up with other agents' writes, and finding that nothing can be claimed, need no
      // write lock: under WAL a read transaction does both without blocking any writer, so an
      // agent that finds nothing never holds up the ones that do, and the write transaction below
      // usually has little left to read. (Under a rollback journal a reader's SHARED lock would
      // hold up committing writers, so there the write transaction does it all.)
      if (
        connectionInfo(db).journalMode === 'WAL' &&
        !readTransaction(db, () => bestReadyRow(snapshots.get(), clock.now()) !== null)
      )
        return null;
      const claimed = write(() => {
        // One reading of the clock decides both which lease has expired and the new lease's times.
        const now = clock.now();
        const best = bestReadyRow(snapshots.get(), now);
        // Under the write lock the snapshot is current, so the guard cannot fail; if it ever did,
        // claiming nothing is the safe answer.
        return best ? claimRow(best.id, terms, true, now) : undefined;
      });
      // Serialized after the commit: the write lock is held for the database's work only.
      return claimed ? { feature: serializeFeature(claimed.row), lease: claimed.lease } : null;
    },

    renew(lease, seconds) {
      return write(() => {
        const renewed = st.renew.get({
          id: lease.feature_id,
          ...leaseParams(lease),
          expires: addSeconds(clock.now(), seconds),
        });
        if (!renewed) {
          mustGet(lease.feature_id);
          throw leaseLost(lease);
        }
        snapshots.noteOwnWrite(renewed);
        return leaseOf(renewed, lease.epoch);
      });
    },

    release(lease) {
      return guarded(lease.feature_id, lease, (p) => st.clearInProgress.get(p), NO_CHECKS);
    },

    reclaimStale(olderThanSeconds) {
      return write(() => {
        const now = clock.now();
        const cutoff = addSeconds(now, -olderThanSeconds);
        const reclaimed: number[] = [];
        const firstSeen: number[] = [];
        for (const claim of st.staleClaims.all({ now }) as { id: number; claimed_at: string | null }[]) {
          if (claim.claimed_at === null) {
            st.stampFirstSeen.run({ id: claim.id, now });
            firstSeen.push(claim.id);
          } else if (claim.claimed_at <= cutoff) {
            st.reclaim.run({ id: claim.id });
            reclaimed.push(claim.id);
          }
        }
        return { reclaimed, first_seen: firstSeen };
      });
    },
  };
}
