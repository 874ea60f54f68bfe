import { customType } from 'drizzle-orm/sqlite-core';

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
});

export const text = customType<{ data: string; driverData: string }>({
  dataType: () => 'TEXT',
});
