import { sql } from 'drizzle-orm';
import { customType } from 'drizzle-orm/sqlite-core';
import { textCell } from '../../encoding/text-cell.js';

/*
 * Drizzle's built-in sqlite columns emit lower-case declared types (`integer`, `text`).
 * The Python app's files declare `INTEGER`, `VARCHAR(n)`, `TEXT`, and `PRAGMA table_info`
 * reports the declared text verbatim, so we declare exactly what SQLAlchemy did. That keeps
 * a file created by our migrations structurally identical to one made by the Python app.
 */

export const int = customType<{ data: number; driverData: number }>({
  dataType: () => 'INTEGER',
});

export const varchar = customType<{ data: string; driverData: string; config: { length: number } }>({
  dataType: (config) => {
    if (!config) throw new TypeError('varchar() needs a { length }');
    return `VARCHAR(${config.length})`;
  },
  // SQLite stores whatever a writer gave it; another tool's BLOB or number still reads as a string.
  fromDriver: textCell,
});

export const text = customType<{ data: string; driverData: string }>({
  dataType: () => 'TEXT',
  fromDriver: textCell,
});

/**
 * `id INTEGER PRIMARY KEY` (a rowid alias). drizzle's own `integer().primaryKey()` makes the id
 * optional on insert; a custom type does not, so the default here inserts NULL, which SQLite
 * turns into the next rowid. Runtime-only: the DDL and the migrations are unchanged.
 */
export const integerPrimaryKey = (name = 'id') =>
  int(name)
    .primaryKey()
    .$defaultFn(() => sql`NULL`);
