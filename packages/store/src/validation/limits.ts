import { z } from 'zod';
import { refusal, validate, type Refusal } from './validate.js';

export interface LimitRange {
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

export interface LimitRule {
  readonly schema: z.ZodType<number>;
  readonly refusal: Refusal;
}

/** An integer limit within [min, max], or the default when omitted; built once per range. */
export function limitRule(range: LimitRange): LimitRule {
  const expected = `expected an integer from ${range.min} to ${range.max}`;
  return {
    schema: z
      .number({ error: expected })
      .int({ error: expected })
      .min(range.min, { error: expected })
      .max(range.max, { error: expected })
      .nullish()
      .transform((n) => n ?? range.default),
    refusal: refusal('limit', (input) => `Invalid limit ${JSON.stringify(input)}: ${expected}.`),
  };
}

export const validateLimit = (rule: LimitRule, limit: unknown): number =>
  validate(rule.schema, limit, rule.refusal);
