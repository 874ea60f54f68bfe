import { sqliteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { dependencyList } from './dependencies.js';

describe('dependencyList column', () => {
  const column = sqliteTable('t', { dependencies: dependencyList('dependencies') }).dependencies;

  it('is declared JSON and writes Python-style text', () => {
    expect(column.getSQLType()).toBe('JSON');
    expect(column.mapToDriverValue([1, 3])).toBe('[1, 3]');
    expect(column.mapToDriverValue([])).toBe('[]');
  });

  it('reads with the normalisation', () => {
    expect(column.mapFromDriverValue('[1.0, 2, "x", true, [3]]')).toEqual([2]);
    expect(column.mapFromDriverValue('{}')).toEqual([]);
  });
});
