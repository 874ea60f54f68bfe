import { defineConfig } from 'drizzle-kit';

/** PostgreSQL, `assistant` stream: conversations and their messages (applied after `features`). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/pg/tables/assistant-db.ts',
  out: './drizzle/pg/assistant',
  schemaFilter: ['forgedb'],
  strict: true,
  verbose: true,
});
