import { ConflictError, LeaseLostError } from '@forgedb/db-core';
import { describe, expect, it } from 'vitest';
import type { Lease } from '../api.js';
import { CLAIM_CHECKS, REQUEST_HUMAN_INPUT_CHECKS, isAlreadyClaimed, refusalOf } from './refusals.js';

const lease: Lease = {
  feature_id: 7,
  agent: 'a',
  generation: 4,
  claimed_at: '2026-01-01 00:00:00.000000',
  lease_expires_at: null,
  epoch: 'e',
};
const row = (flags: Partial<Record<'passes' | 'in_progress' | 'needs_human_input', unknown>>) => ({
  passes: 0,
  in_progress: 0,
  needs_human_input: 0,
  ...flags,
});
const reasonOf = (error: Error) => (error as ConflictError).reason;

describe('refusalOf', () => {
  it('names a lost lease before anything the row shows', () => {
    const error = refusalOf(7, row({ passes: 1 }), { lease, holds: false }, ['passing']);
    expect(error).toBeInstanceOf(LeaseLostError);
    expect(error).toMatchObject({ featureId: 7, generation: 4 });
  });

  it('checks only what the write names, in its order', () => {
    const waitingAndClaimed = row({ in_progress: 1, needs_human_input: 1 });
    expect(reasonOf(refusalOf(1, waitingAndClaimed, undefined, CLAIM_CHECKS))).toBe('already_in_progress');
    expect(reasonOf(refusalOf(1, waitingAndClaimed, undefined, ['waiting']))).toBe('waiting_for_human');
    expect(reasonOf(refusalOf(1, row({}), undefined, REQUEST_HUMAN_INPUT_CHECKS))).toBe('not_in_progress');
    expect(reasonOf(refusalOf(1, row({}), undefined, ['not_waiting']))).toBe('not_waiting_for_human');
  });

  it('reads NULL flags of legacy rows as false', () => {
    const legacy = row({ passes: null, in_progress: null, needs_human_input: null });
    expect(reasonOf(refusalOf(1, legacy, undefined, ['passing', 'in_progress', 'waiting']))).toBe('refused');
  });

  it('says "changed concurrently" when the row shows none of the checked states', () => {
    const error = refusalOf(3, row({}), { lease, holds: true }, ['passing']);
    expect(error).toBeInstanceOf(ConflictError);
    expect(reasonOf(error)).toBe('refused');
    expect(error.message).toBe('Feature 3 changed concurrently; nothing was changed.');
  });

  it('isAlreadyClaimed: in progress and not passing', () => {
    expect(isAlreadyClaimed(row({ in_progress: 1 }))).toBe(true);
    expect(isAlreadyClaimed(row({ in_progress: 1, passes: 1 }))).toBe(false);
    expect(isAlreadyClaimed(row({}))).toBe(false);
  });
});
