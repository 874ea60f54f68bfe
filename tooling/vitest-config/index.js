import { defineConfig } from 'vitest/config';

/**
 * Shared preset. Multi-process tests spawn real OS processes and wait on SQLite locks,
 * so the timeouts are generous; forks keep each file in its own process, which is what
 * native bindings and file locks want.
 */
export const preset = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});

export default preset;
