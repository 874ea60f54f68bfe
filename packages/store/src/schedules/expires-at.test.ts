import { ValidationError } from '@forgedb/db-core';
import { describe, expect, it } from 'vitest';
import { toSqlaExpiry } from '../validation/schedules.js';

describe('toSqlaExpiry', () => {
  it.each([
    ['a Date', new Date(Date.UTC(2026, 0, 2, 11, 30, 0, 250)), '2026-01-02 11:30:00.250000'],
    ['exact DATETIME text', '2026-01-02 11:30:00.123456', '2026-01-02 11:30:00.123456'],
    ['DATETIME text without a fraction', '2026-01-02 11:30:00', '2026-01-02 11:30:00.000000'],
    ['ISO with Z, microseconds kept', '2026-01-02T11:30:00.123456Z', '2026-01-02 11:30:00.123456'],
    [
      'ISO without a zone (UTC, as Python isoformat of a naive UTC time)',
      '2026-01-02T11:30',
      '2026-01-02 11:30:00.000000',
    ],
    ['ISO with a positive offset', '2026-01-02T13:30:00.5+02:00', '2026-01-02 11:30:00.500000'],
    [
      'ISO with a negative offset crossing midnight',
      '2026-01-01T23:30:00-0100',
      '2026-01-02 00:30:00.000000',
    ],
  ])('stores %s as six-digit UTC text', (_, input, expected) => {
    expect(toSqlaExpiry(input)).toBe(expected);
  });

  it.each([
    ['an invalid Date', new Date('nope')],
    ['a day that does not exist', '2026-02-30 10:00:00'],
    ['hour 24', '2026-01-02 24:00:00'],
    ['free text', 'tomorrow'],
    ['a number', 1767353400000],
    ['null', null],
  ])('refuses %s with a ValidationError naming expiresAt', (_, input) => {
    expect(() => toSqlaExpiry(input)).toThrow(ValidationError);
    expect(() => toSqlaExpiry(input)).toThrow(/expiresAt/);
  });
});
