import config from '@forgedb/eslint-config';

export default [
  ...config,
  // Workers are plain ESM (no tsx start-up per spawned process); their JSON.parse'd arguments are typed by JSDoc.
  { files: ['test/workers/**/*.mjs'], rules: { '@typescript-eslint/no-unsafe-assignment': 'off' } },
];
