import { sqliteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { sqlaDateTime } from './datetime.js';

describe('sqlaDateTime column', () => {
  const column = sqliteTable('t', { createdAt: sqlaDateTime('created_at') }).createdAt;

  it('is declared DATETIME like the Python app', () => {
    expect(column.getSQLType()).toBe('DATETIME');
  });

  it('reads and stores the text unchanged, and refuses anything else', () => {
    expect(column.mapFromDriverValue('2026-11-22 13:57:53.412772')).toBe('2026-11-22 13:57:53.412772');
    expect(column.mapToDriverValue('2026-11-22 13:57:53.412772')).toBe('2026-11-22 13:57:53.412772');
    expect(() => column.mapToDriverValue('2026-11-22T13:57:53.412Z')).toThrow(/YYYY-MM-DD HH:MM:SS.ffffff/);
  });
});
