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

/**
 * The file holds feature ids beyond JavaScript's safe integer range (+-(2^53 - 1)), written by
 * another tool, and the operation would have to read or hand out such an id, which a JavaScript
 * number cannot hold exactly. Nothing was changed or written. `ids` are the far ids the file holds,
 * as exact text, where the operation read them (the export names them all; create reads none).
 */
export class UnsafeIdError extends ConflictError {
  constructor(
    readonly ids: string[],
    message: string,
  ) {
    super('unsafe_id', message);
  }
}
