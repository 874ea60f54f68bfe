import { openDatabase } from '@forgedb/db-core/sqlite';
import { describe, expect, it } from 'vitest';
import { FEATURE_COLUMNS, MESSAGE_COLUMNS } from './columns.js';
import { featureRowOf, featureRowStatement } from './feature-row.js';
import { messageRowOf, messageRowStatement } from './message-row.js';

describe.each([
  {
    kind: 'feature',
    columns: FEATURE_COLUMNS,
    rowOf: featureRowOf,
    statement: featureRowStatement,
    // Legacy-shaped cells: NULL flags, a text priority, a BLOB in a JSON column.
    values: `7, '3', 'c', 'n', 'd', '["a"]', NULL, 0, X'5B315D', 1, '{"q":1}', NULL, 'agent', '2026-01-01 00:00:00.000000', NULL, 4`,
  },
  {
    kind: 'message',
    columns: MESSAGE_COLUMNS,
    rowOf: messageRowOf,
    statement: messageRowStatement,
    values: `7, 2, 'user', X'6869', NULL`,
  },
])('$kind rows read in raw mode', ({ columns, rowOf, statement, values }) => {
  it('name each cell after the column the statement selects in its place', () => {
    const names = columns.split(', ');
    const row = rowOf(names.map((_, i) => i));
    expect(Object.keys(row)).toEqual(names);
    expect(Object.values(row)).toEqual(names.map((_, i) => i));
  });

  it('equal the objects better-sqlite3 builds, storage classes included; undefined for no row', () => {
    const db = openDatabase(':memory:');
    // Untyped columns keep each value's storage class, as legacy files do.
    db.exec(`CREATE TABLE t (${columns}); INSERT INTO t VALUES (${values})`);
    const sql = `SELECT ${columns} FROM t WHERE id = ?`;
    const stmt = statement(db.prepare(sql));
    expect(stmt.get(7)).toEqual(db.prepare(sql).get(7));
    expect(stmt.all(7)).toEqual(db.prepare(sql).all(7));
    expect(stmt.get(8)).toBeUndefined();
    db.close();
  });
});
