import { sqliteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { boolean } from './boolean.js';

describe('boolean column', () => {
  const column = sqliteTable('t', { passes: boolean('passes') }).passes;

  it('is declared BOOLEAN and stores 0/1', () => {
    expect(column.getSQLType()).toBe('BOOLEAN');
    expect(column.mapToDriverValue(true)).toBe(1);
    expect(column.mapToDriverValue(false)).toBe(0);
  });

  it("reads any non-zero integer as true, like Python's bool(int)", () => {
    expect(column.mapFromDriverValue(1)).toBe(true);
    expect(column.mapFromDriverValue(2)).toBe(true);
    expect(column.mapFromDriverValue(-1)).toBe(true);
    expect(column.mapFromDriverValue(0)).toBe(false);
  });
});
