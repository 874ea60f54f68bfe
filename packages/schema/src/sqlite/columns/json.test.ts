import { sqliteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { json } from './json.js';

describe('json column', () => {
  const column = sqliteTable('t', { steps: json<string[]>('steps') }).steps;

  it('is declared JSON like the Python app', () => {
    expect(column.getSQLType()).toBe('JSON');
  });

  it('reads malformed cells as null instead of failing the row', () => {
    expect(column.mapFromDriverValue('[1, 2')).toBeNull();
    expect(column.mapFromDriverValue('')).toBeNull();
    expect(column.mapFromDriverValue('["a", "b"]')).toEqual(['a', 'b']);
  });

  it('writes Python-style text', () => {
    expect(column.mapToDriverValue(['a', 'b'])).toBe('["a", "b"]');
  });
});
