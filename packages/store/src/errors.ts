import { ConflictError } from '@forgedb/db-core';

/**
 * The caller's claim was superseded: the feature was reclaimed, taken over after its lease
 * expired, or released by someone else. The write it attempted did not happen; the agent should
 * stop working on the feature (or claim it again).
 */
export class LeaseLostError extends ConflictError {
  constructor(
    readonly featureId: number,
    readonly generation: number,
  ) {
    super(
      'lease_lost',
      `Feature ${featureId}: the claim (generation ${generation}) is no longer held; it was released, ` +
        'reclaimed or taken over after its lease expired. Nothing was changed.',
    );
  }
}
