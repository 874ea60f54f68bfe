import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Shared flat config: type-aware rules catch floating promises, which matter in an async store API. */
export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/drizzle/meta/**', '**/*.config.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      // Deprecated re-exports are kept for sibling apps for one release; this repository uses the new paths.
      '@typescript-eslint/no-deprecated': 'error',
      '@typescript-eslint/require-await': 'off',
      'no-console': 'off',
    },
  },
  // Plain Node scripts (e.g. packages/schema/scripts) are not part of any TypeScript project.
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);

export { dialectBoundaries } from './dialect-boundaries.js';
