import { defineConfig } from 'vitest/config';

/**
 * Shared preset. Multi-process and crash tests spawn real OS processes and wait on SQLite
 * locks; on a loaded 2-core CI machine a 100k-row kill loop can take minutes, so the timeouts
 * only guard against hangs (speed is measured by `pnpm bench`, never here). Forks keep each
 * file in its own process, which is what native bindings and file locks want.
 */
export const preset = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 300_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});

export default preset;
