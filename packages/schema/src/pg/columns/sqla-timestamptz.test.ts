import { describe, expect, it } from 'vitest';
import { pgTimestamptzToSqla, sqlaToPgTimestamptz } from './sqla-timestamptz.js';

describe('timestamptz as SQLAlchemy DATETIME text', () => {
  it('keeps every microsecond digit, whatever PostgreSQL trimmed', () => {
    expect(pgTimestamptzToSqla('2024-01-02 03:04:05.123456+00')).toBe('2024-01-02 03:04:05.123456');
    expect(pgTimestamptzToSqla('2024-01-02 03:04:05.1+00')).toBe('2024-01-02 03:04:05.100000');
    expect(pgTimestamptzToSqla('2024-01-02 03:04:05+00')).toBe('2024-01-02 03:04:05.000000');
  });

  it('converts any session time zone to UTC, across a day boundary', () => {
    expect(pgTimestamptzToSqla('2024-01-02 01:30:00.000001+02')).toBe('2024-01-01 23:30:00.000001');
    expect(pgTimestamptzToSqla('2023-12-31 20:15:00-05:45')).toBe('2024-01-01 02:00:00.000000');
  });

  it('refuses what is not timestamptz text, e.g. a Date a parsing pool made', () => {
    expect(() => pgTimestamptzToSqla(String(new Date(0)))).toThrow(/lose microseconds/);
  });

  it('writes SQLAlchemy text as a UTC literal and refuses anything else', () => {
    expect(sqlaToPgTimestamptz('2024-01-02 03:04:05.123456')).toBe('2024-01-02 03:04:05.123456+00');
    expect(() => sqlaToPgTimestamptz('2024-01-02T03:04:05Z')).toThrow(/YYYY-MM-DD HH:MM:SS.ffffff/);
  });
});
