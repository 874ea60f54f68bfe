import { defineConfig } from 'drizzle-kit';
import { databaseUrl } from './drizzle.database-url.js';

/** features.db: features, schedules, schedule_overrides. `db:studio` opens `databaseUrl('features.db')`. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/sqlite/tables/features-db.ts',
  out: './drizzle/features',
  dbCredentials: {
    url: databaseUrl('features.db'),
  },
  strict: true,
  verbose: true,
});
