import { ConflictError, LeaseLostError, type ForgeDbError } from '@forgedb/db-core';
import type { Lease } from '../api.js';

/*
 * Why a guarded write matched nothing. Pure and synchronous: an adapter runs its guarded write,
 * and when it changed nothing it reads the current row (and whether the lease still holds) in the
 * same transaction and throws what these functions return, so the reason is the one that stopped
 * the write, not a later one.
 */

/** What a refusal looks at: the row's flags (legacy rows may hold NULL, which reads as false). */
export interface FeatureFlags {
  passes: unknown;
  in_progress: unknown;
  needs_human_input: unknown;
}

/** The states a write can be refused for, each checked only when the write names it. */
export type RefusalCheck = 'passing' | 'in_progress' | 'waiting' | 'idle' | 'not_waiting';

export const CLAIM_CHECKS: readonly RefusalCheck[] = ['passing', 'in_progress', 'waiting'];
export const CLAIM_AND_GET_CHECKS: readonly RefusalCheck[] = ['passing', 'waiting'];
export const PASSING_CHECKS: readonly RefusalCheck[] = ['passing'];
export const REQUEST_HUMAN_INPUT_CHECKS: readonly RefusalCheck[] = ['passing', 'waiting', 'idle'];
export const RESPOND_HUMAN_INPUT_CHECKS: readonly RefusalCheck[] = ['not_waiting'];
export const NO_CHECKS: readonly RefusalCheck[] = [];

/**
 * The most specific reason first: a lease that no longer holds its claim (`leaseHolds` false),
 * then the checks in order, else a concurrent change.
 */
export function refusalOf(
  id: number,
  current: FeatureFlags,
  lease: { lease: Lease; holds: boolean } | undefined,
  checks: readonly RefusalCheck[],
): ForgeDbError {
  if (lease && !lease.holds) return new LeaseLostError(id, lease.lease.generation);
  for (const check of checks) {
    if (check === 'passing' && current.passes)
      return new ConflictError('already_passing', `Feature ${id} is already passing.`);
    if (check === 'in_progress' && current.in_progress)
      return new ConflictError('already_in_progress', `Feature ${id} is already in progress.`);
    if (check === 'waiting' && current.needs_human_input)
      return new ConflictError(
        'waiting_for_human',
        `Feature ${id} is waiting for human input; respond to it first.`,
      );
    if (check === 'idle' && !current.in_progress)
      return new ConflictError(
        'not_in_progress',
        `Feature ${id} is not in progress; claim it before asking for human input.`,
      );
    if (check === 'not_waiting' && !current.needs_human_input)
      return new ConflictError('not_waiting_for_human', `Feature ${id} is not waiting for human input.`);
  }
  return new ConflictError('refused', `Feature ${id} changed concurrently; nothing was changed.`);
}

/** claimAndGet on a feature it could not claim: one already in progress (and not passing) is returned as is. */
export const isAlreadyClaimed = (current: FeatureFlags): boolean => !!current.in_progress && !current.passes;

/** renew matched nothing: the lease no longer holds its claim. */
export const leaseLost = (lease: Lease): LeaseLostError =>
  new LeaseLostError(lease.feature_id, lease.generation);
