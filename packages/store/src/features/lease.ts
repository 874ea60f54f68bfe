import type { Lease } from '../api.js';

/** The lease columns of a feature row, as every dialect stores them. */
export interface LeaseColumns {
  id: number;
  claimed_by: string | null;
  claim_generation: number;
  claimed_at: string | null;
  lease_expires_at: string | null;
}

/** The lease a claim (or renewal) of `row` hands out, in the file's lease `epoch`. */
export function leaseOf(row: LeaseColumns, epoch: string): Lease {
  return {
    feature_id: row.id,
    agent: row.claimed_by,
    generation: row.claim_generation,
    claimed_at: row.claimed_at ?? '',
    lease_expires_at: row.lease_expires_at,
    epoch,
  };
}
