import { preset } from '@forgedb/vitest-config';
import { mergeConfig } from 'vitest/config';

// Plain JavaScript (no build step), so the root wrapper can run before anything is built.
export default mergeConfig(preset, { test: { include: ['test/**/*.test.js'] } });
