import { preset } from '@forgedb/vitest-config';
import { mergeConfig } from 'vitest/config';

// The PostgreSQL tests use the run's server (FORGEDB_TEST_DATABASE_URL), or start one for this package's own run.
export default mergeConfig(preset, {
  test: { globalSetup: ['@forgedb/pg-test-server/vitest-global-setup'] },
});
