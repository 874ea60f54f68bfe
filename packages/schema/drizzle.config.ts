import { defineConfig } from 'drizzle-kit';
import { resolveDatabaseFile } from '@forgedb/db-core/paths';

/**
 * features.db: features, schedules, schedule_overrides.
 * `db:studio` opens the database named by FORGEDB_DB_URL (a file path), or the features.db of
 * FORGEDB_PROJECT (resolved like the app does), or ./.autoforge/features.db.
 */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/tables/features-db.ts',
  out: './drizzle/features',
  dbCredentials: {
    url: process.env.FORGEDB_DB_URL ?? resolveDatabaseFile(process.env.FORGEDB_PROJECT ?? process.cwd(), 'features.db'),
  },
  strict: true,
  verbose: true,
});
