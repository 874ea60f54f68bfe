import { existsSync } from 'node:fs';
import path from 'node:path';
// A relative import of the source, not `@forgedb/db-core`: drizzle-kit must work before anything is built.
import { resolveDatabaseFile } from '../db-core/src/sqlite/paths.js';

/**
 * The database drizzle-kit (studio) opens: FORGEDB_DB_URL (a file path), else the file of the
 * project FORGEDB_PROJECT, else of the directory the command was started from. pnpm runs the
 * script inside packages/schema, so relative paths are resolved against the directory where
 * `pnpm db:studio` was typed: FORGEDB_INIT_CWD when the root's scripts/schema-run.mjs passed it on
 * (a nested `pnpm run` resets INIT_CWD), else INIT_CWD. Studio on a missing file would create an empty database
 * there, so that is refused; generate and check never open the database.
 */
export function databaseUrl(name: 'features.db' | 'assistant.db'): string {
  const base = process.env.FORGEDB_INIT_CWD ?? process.env.INIT_CWD ?? process.cwd();
  const file = process.env.FORGEDB_DB_URL
    ? path.resolve(base, process.env.FORGEDB_DB_URL)
    : resolveDatabaseFile(path.resolve(base, process.env.FORGEDB_PROJECT ?? '.'), name);
  if (process.argv.includes('studio') && !existsSync(file)) {
    throw new Error(
      `No ${name} at ${file}; drizzle-kit studio would create an empty one. ` +
        'Point FORGEDB_PROJECT at a project directory or FORGEDB_DB_URL at a database file (relative to where you ran pnpm).',
    );
  }
  return file;
}
