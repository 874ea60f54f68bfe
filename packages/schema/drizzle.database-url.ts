import path from 'node:path';
import { resolveDatabaseFile } from '@forgedb/db-core/paths';

/**
 * The database drizzle-kit (studio) opens: FORGEDB_DB_URL (a file path), else the file of the
 * project FORGEDB_PROJECT, else of the directory the command was started from. pnpm runs the
 * script inside packages/schema, so relative paths are resolved against INIT_CWD, the directory
 * where `pnpm db:studio` was typed.
 */
export function databaseUrl(name: 'features.db' | 'assistant.db'): string {
  const base = process.env.INIT_CWD ?? process.cwd();
  if (process.env.FORGEDB_DB_URL) return path.resolve(base, process.env.FORGEDB_DB_URL);
  return resolveDatabaseFile(path.resolve(base, process.env.FORGEDB_PROJECT ?? '.'), name);
}
