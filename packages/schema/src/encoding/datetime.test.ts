import { describe, expect, it } from 'vitest';
import { formatSqlaDateTime, isSqlaDateTime, parseSqlaDateTime, sqlaToIso } from './datetime.js';

describe('formatSqlaDateTime', () => {
  it('writes SQLAlchemy text: UTC, space separator, exactly six fractional digits, no zone', () => {
    expect(formatSqlaDateTime(new Date('2026-11-22T13:57:53.412Z'))).toBe('2026-11-22 13:57:53.412000');
    expect(formatSqlaDateTime(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02 03:04:05.000000');
  });

  it('converts from local offsets to UTC', () => {
    expect(formatSqlaDateTime(new Date('2026-06-30T23:30:00.5-02:00'))).toBe('2026-07-01 01:30:00.500000');
  });

  it('keeps four-digit years below 1000 and below 100 literal', () => {
    const d = new Date(0);
    d.setUTCFullYear(50, 0, 1);
    expect(formatSqlaDateTime(d)).toBe('0050-01-01 00:00:00.000000');
  });

  it('refuses an invalid Date instead of writing garbage', () => {
    expect(() => formatSqlaDateTime(new Date('nope'))).toThrow(RangeError);
  });

  it('sorts as text in the same order as time, which the Python app relies on', () => {
    const dates = ['2026-01-01T00:00:00.999Z', '2025-12-31T23:59:59Z', '2026-01-01T00:00:00.001Z'].map(
      (s) => new Date(s),
    );
    const texts = dates.map(formatSqlaDateTime);
    expect([...texts].sort()).toEqual(
      [...dates].sort((a, b) => a.getTime() - b.getTime()).map(formatSqlaDateTime),
    );
  });
});

describe('parseSqlaDateTime', () => {
  it('reads the stored text as UTC, truncating microseconds to milliseconds', () => {
    expect(parseSqlaDateTime('2026-11-22 13:57:53.412772')?.toISOString()).toBe('2026-11-22T13:57:53.412Z');
  });

  it('accepts text without or with fewer fractional digits', () => {
    expect(parseSqlaDateTime('2026-11-22 13:57:53')?.toISOString()).toBe('2026-11-22T13:57:53.000Z');
    expect(parseSqlaDateTime('2026-11-22 13:57:53.5')?.toISOString()).toBe('2026-11-22T13:57:53.500Z');
  });

  it('round-trips with formatSqlaDateTime at millisecond precision', () => {
    const d = new Date('2024-02-29T12:00:00.123Z');
    expect(parseSqlaDateTime(formatSqlaDateTime(d))?.getTime()).toBe(d.getTime());
  });

  it('keeps years below 100 literal (Date.UTC would map them to 19xx)', () => {
    expect(parseSqlaDateTime('0050-01-01 00:00:00.000000')?.getUTCFullYear()).toBe(50);
  });

  it('returns null for text that is not a SQLAlchemy DATETIME or not a real instant', () => {
    for (const bad of [
      '',
      'yesterday',
      '2026-11-22T13:57:53Z',
      '2026-11-22 13:57',
      '2026-11-22 13:57:53.1234567',
      '2026-02-30 10:00:00.000000',
      '2025-02-29 00:00:00.000000',
      '2026-13-01 00:00:00.000000',
      '2026-01-01 24:00:00.000000',
    ]) {
      expect(parseSqlaDateTime(bad), bad).toBeNull();
    }
  });
});

describe('sqlaToIso', () => {
  it('gives ISO-8601 UTC and keeps all six fractional digits', () => {
    expect(sqlaToIso('2026-11-22 13:57:53.412772')).toBe('2026-11-22T13:57:53.412772Z');
    expect(sqlaToIso('2026-11-22 13:57:53')).toBe('2026-11-22T13:57:53.000000Z');
    expect(sqlaToIso('2026-11-22 13:57:53.4')).toBe('2026-11-22T13:57:53.400000Z');
  });

  it('passes null through and returns null for unreadable text', () => {
    expect(sqlaToIso(null)).toBeNull();
    expect(sqlaToIso(undefined)).toBeNull();
    expect(sqlaToIso('not a date')).toBeNull();
  });
});

describe('isSqlaDateTime', () => {
  it('recognises the stored format only', () => {
    expect(isSqlaDateTime('2026-11-22 13:57:53.412772')).toBe(true);
    expect(isSqlaDateTime('2026-11-22T13:57:53.412772')).toBe(false);
  });
});
