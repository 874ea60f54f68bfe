import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { DatabaseKind } from '@forgedb/schema';
import { quoteIdent } from './introspect.js';

/** Tables and columns every AutoForge database of a kind has had since the Python app's first version. */
const CORE: Record<DatabaseKind, Record<string, string[]>> = {
  features: { features: ['id', 'priority', 'category', 'name', 'description', 'steps'] },
  assistant: {
    conversations: ['id', 'project_name'],
    conversation_messages: ['id', 'conversation_id', 'role', 'content'],
  },
};

/** Why `db` (or the attached `schema`) is not an AutoForge database of `kind`, or null when it is. */
export function notOfKind(db: SqliteDatabase, kind: DatabaseKind, schema = 'main'): string | null {
  for (const [table, required] of Object.entries(CORE[kind])) {
    const columns = new Set(
      (
        db.prepare(`PRAGMA ${quoteIdent(schema)}.table_info(${quoteIdent(table)})`).all() as {
          name: string;
        }[]
      ).map((c) => c.name),
    );
    if (columns.size === 0) return `it has no ${table} table`;
    const missing = required.filter((c) => !columns.has(c));
    if (missing.length > 0) return `its ${table} table lacks ${missing.join(', ')}`;
  }
  return null;
}

/** Which kind of AutoForge database `db` is, by its tables and their columns, or null for neither. */
export function databaseKindOf(db: SqliteDatabase, schema = 'main'): DatabaseKind | null {
  if (notOfKind(db, 'features', schema) === null) return 'features';
  if (notOfKind(db, 'assistant', schema) === null) return 'assistant';
  return null;
}
