import { defineConfig } from 'drizzle-kit';
import { databaseUrl } from './drizzle.database-url.js';

/** assistant.db: conversations and their messages. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/sqlite/tables/assistant-db.ts',
  out: './drizzle/assistant',
  dbCredentials: {
    url: databaseUrl('assistant.db'),
  },
  strict: true,
  verbose: true,
});
