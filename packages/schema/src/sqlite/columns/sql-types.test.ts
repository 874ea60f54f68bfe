import { sqliteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { sqlaDateTime } from './datetime.js';
import { text, varchar } from './sql-types.js';

describe('text columns read through drizzle', () => {
  it('map a BLOB to text like every other reader', () => {
    const t = sqliteTable('t', {
      name: varchar('name', { length: 255 }),
      body: text('body'),
      at: sqlaDateTime('at'),
    });
    expect(t.name.mapFromDriverValue(Buffer.from('blob name') as never)).toBe('blob name');
    expect(t.body.mapFromDriverValue(Buffer.from([0xff]) as never)).toBe("x'ff'");
    expect(t.at.mapFromDriverValue(Buffer.from('2026-01-01 00:00:00.000000') as never)).toBe(
      '2026-01-01 00:00:00.000000',
    );
  });
});
