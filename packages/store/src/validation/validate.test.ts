import { ValidationError } from '@forgedb/db-core';
import { describe, expect, it } from 'vitest';
import {
  READY_LIMIT,
  featureBatchSchema,
  validate,
  validateAgent,
  validateClaimNextTerms,
  validateClaimTerms,
  validateHolder,
  validateId,
  validateLeaseSeconds,
  validateLimit,
  validateListQuery,
  validateRequiredAgent,
} from './index.js';

const refused = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('not refused');
};
const item = (extra: object = {}) => ({ category: 'c', name: 'n', description: 'd', steps: ['s'], ...extra });

describe('validate and the store rules', () => {
  it('ids: one sentence naming the id, the issue at path "id"', () => {
    const error = refused(() => validateId(0, 'feature'));
    expect(error.message).toBe('Invalid feature id 0: expected a positive integer.');
    expect(error.issues).toEqual([{ path: 'id', message: 'expected a positive integer' }]);
    expect(refused(() => validateId(2 ** 53, 'dependency')).message).toMatch(/^Invalid dependency id/);
    expect(validateId(12, 'feature')).toBe(12);
  });

  it('limits: the default when omitted, the range in the message', () => {
    expect(validateLimit(READY_LIMIT, undefined)).toBe(10);
    expect(refused(() => validateLimit(READY_LIMIT, 51)).message).toBe(
      'Invalid limit 51: expected an integer from 1 to 50.',
    );
  });

  it('agents: length and lone surrogates, each in its own words', () => {
    expect(validateAgent(undefined)).toBeNull();
    expect(refused(() => validateAgent('')).message).toBe(
      'Invalid agent name: expected 1 to 255 characters.',
    );
    expect(refused(() => validateAgent('x\udc00')).message).toMatch(
      /^Invalid agent name: agent contains a lone/,
    );
  });

  it('agents on the direct path and on the parse agree: the bounds, non-strings, a required name', () => {
    expect(validateAgent('a')).toBe('a');
    expect(validateAgent('x'.repeat(255))).toBe('x'.repeat(255));
    expect(validateAgent('ship it \ud83d\ude80')).toBe('ship it \ud83d\ude80');
    for (const agent of ['x'.repeat(256), 123, {}, true]) {
      const error = refused(() => validateAgent(agent));
      expect(error.message).toBe('Invalid agent name: expected 1 to 255 characters.');
      expect(error.issues).toEqual([{ path: 'agent', message: 'expected 1 to 255 characters' }]);
    }
    for (const agent of [undefined, null]) {
      const error = refused(() => validateRequiredAgent(agent));
      expect(error.message).toBe('claimNext needs an agent name.');
      expect(error.issues).toEqual([{ path: 'agent', message: 'required' }]);
    }
    expect(refused(() => validateRequiredAgent('')).message).toBe(
      'Invalid agent name: expected 1 to 255 characters.',
    );
    expect(refused(() => validateClaimNextTerms({ agent: 'x\udc00' })).message).toMatch(
      /^Invalid agent name: agent contains a lone/,
    );
  });

  it('lease seconds: positive and at most a year, the default when omitted, one sentence otherwise', () => {
    expect(validateLeaseSeconds(undefined)).toBe(300);
    expect(validateLeaseSeconds(null)).toBe(300);
    expect(validateLeaseSeconds(0.5)).toBe(0.5);
    expect(validateLeaseSeconds(366 * 24 * 3600)).toBe(366 * 24 * 3600);
    expect(validateClaimTerms({ leaseSeconds: null })).toEqual({ agent: null, seconds: null });
    for (const seconds of [0, -0, -1, Number.NaN, Infinity, -Infinity, 366 * 24 * 3600 + 1, '300']) {
      const error = refused(() => validateLeaseSeconds(seconds));
      expect(error.message).toBe(
        `Invalid lease of ${JSON.stringify(seconds)} seconds: expected a positive number of seconds (at most a year).`,
      );
      expect(error.issues).toEqual([
        { path: 'leaseSeconds', message: 'expected a positive number of seconds' },
      ]);
      expect(() => validateClaimNextTerms({ agent: 'a', leaseSeconds: seconds })).toThrow(error.message);
    }
  });

  it('a holder lease must be one of the same feature', () => {
    const lease = {
      feature_id: 2,
      agent: null,
      generation: 1,
      claimed_at: 'x',
      lease_expires_at: null,
      epoch: 'e',
    };
    expect(validateHolder(2, { lease })).toBe(lease);
    const error = refused(() => validateHolder(3, { lease }));
    expect(error.message).toBe('The lease is for feature 2, not 3.');
    expect(error.issues).toEqual([{ path: 'lease', message: 'lease of another feature' }]);
    expect(refused(() => validateHolder(2, { lease: { feature_id: 2 } })).message).toMatch(
      /^Invalid lease: pass the lease/,
    );
  });

  it('list options: each refused field in its own sentence', () => {
    const error = refused(() => validateListQuery({ status: 'done', category: 5 }));
    expect(error.message).toBe(
      'Invalid status filter "done": expected one of pending, in_progress, passing, needs_human_input. ' +
        'Invalid category filter: expected a string.',
    );
    expect(refused(() => validateListQuery({ after: 'nope' })).issues).toEqual([
      { path: 'after', message: 'not a cursor returned by list()' },
    ]);
  });

  it('a batch is checked in one pass, depends_on_indices naming earlier items only', () => {
    expect(
      validate(featureBatchSchema, [item(), item({ depends_on_indices: [0] })], 'feature batch'),
    ).toHaveLength(2);
    const error = refused(() =>
      validate(
        featureBatchSchema,
        [item({ depends_on_indices: [0] }), item({ depends_on_indices: [0, 0] })],
        'feature batch',
      ),
    );
    expect(error.issues.map((i) => i.path)).toEqual(['0.depends_on_indices', '1.depends_on_indices']);
    expect(error.message).toMatch(/item 0 depends on itself; depends_on_indices may only name earlier items/);
    expect(error.message).toMatch(/item 1 lists index 0 twice/);
  });
});
