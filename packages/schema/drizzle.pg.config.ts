import { defineConfig } from 'drizzle-kit';

/**
 * PostgreSQL, `features` stream: projects, lease state, features, schedules, overrides, in the
 * `forgedb` schema. Only generate and check use it; both work without a database. Migrations are
 * applied by @forgedb/migrate's PostgreSQL runner, never by drizzle-kit migrate or push.
 */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/pg/tables/features-db.ts',
  out: './drizzle/pg/features',
  schemaFilter: ['forgedb'],
  strict: true,
  verbose: true,
});
