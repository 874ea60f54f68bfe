import { defineConfig } from 'drizzle-kit';
import { resolveDatabaseFile } from '@forgedb/db-core/paths';

/** assistant.db: conversations and their messages. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/tables/assistant-db.ts',
  out: './drizzle/assistant',
  dbCredentials: {
    url: process.env.FORGEDB_DB_URL ?? resolveDatabaseFile(process.env.FORGEDB_PROJECT ?? process.cwd(), 'assistant.db'),
  },
  strict: true,
  verbose: true,
});
