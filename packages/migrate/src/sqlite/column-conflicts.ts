import { SchemaError } from '@forgedb/db-core';
import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { MigrationFile } from '@forgedb/schema';
import { tableColumns } from './introspect.js';

/** `ALTER TABLE <t> ADD [COLUMN] <c> <definition>`, with any of SQLite's identifier quotes. */
const ADD_COLUMN =
  /^\s*ALTER\s+TABLE\s+[`"[]?(\w+)[`"\]]?\s+ADD\s+(?:COLUMN\s+)?[`"[]?(\w+)[`"\]]?\s*(.*?)\s*;?\s*$/is;

/**
 * Refuses, before anything is changed, a file where a pending migration would add a column the
 * table already has. Such a column was added by someone else (a user, another tool), so forgedb
 * cannot know that its values mean what forgedb's would; SQLite would also fail the ALTER with a
 * bare "duplicate column name" halfway through the upgrade.
 */
export function refuseColumnConflicts(
  db: SqliteDatabase,
  pending: readonly MigrationFile[],
  file: string,
): void {
  for (const migration of pending) {
    for (const statement of migration.statements) {
      const add = ADD_COLUMN.exec(statement);
      if (!add) continue;
      const [, table = '', column = '', definition = ''] = add;
      const existing = tableColumns(db, table).find((c) => c.name.toLowerCase() === column.toLowerCase());
      if (!existing) continue;
      throw new SchemaError(
        `${file}: ${table}.${existing.name} already exists (declared ${existing.type ? `as ${existing.type}` : 'without a type'}), ` +
          `but migration ${migration.tag} adds a ${table}.${column} column of its own (${definition}). forgedb did not ` +
          'create the existing one (it is not in its history), so it cannot tell whether its values mean the same ' +
          `thing, and will not take it over. Rename it (ALTER TABLE ${table} RENAME COLUMN ${existing.name} TO ` +
          `<another name>) or drop it, then run the upgrade again. Nothing was changed.`,
      );
    }
  }
}
