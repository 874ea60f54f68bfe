/**
 * The layering rule (docs/foundation.md, "Dialects and the layering rule"): in a package's `src/`,
 * dialect-free modules may not import a database driver, a dialect's Drizzle core, a `sqlite/` or
 * `pg/` folder, or a package's `./sqlite` / `./pg` subpath, not even for types; `sqlite/` folders
 * may not import PostgreSQL code, nor `pg/` folders SQLite code. Tests are exempt: they run a
 * dialect on purpose. Dynamic `import()` is not checked, which is how `src/open-store.ts` loads a
 * dialect only when it is used.
 */

const SQLITE = [
  { regex: '^better-sqlite3(/|$)', message: 'better-sqlite3 is the SQLite driver.' },
  {
    regex: '^drizzle-orm/(sqlite-core|better-sqlite3)(/|$)',
    message: "drizzle-orm's SQLite core and driver are SQLite code.",
  },
  {
    regex: '/sqlite(/|$)',
    message: 'a sqlite/ folder (or a package subpath `…/sqlite`) is SQLite code.',
  },
];

const PG = [
  { regex: '^pg(-[^/]*)?(/|$)', message: 'pg and its pg-* companions are the PostgreSQL driver.' },
  {
    regex: '^drizzle-orm/(pg-core|node-postgres)(/|$)',
    message: "drizzle-orm's PostgreSQL core and driver are PostgreSQL code.",
  },
  { regex: '/pg(/|$)', message: 'a pg/ folder (or a package subpath `…/pg`) is PostgreSQL code.' },
];

const restrict = (patterns, where, { allowTypeImports = false } = {}) => [
  'error',
  {
    patterns: patterns.map(({ regex, message }) => ({
      regex,
      allowTypeImports,
      message: `${where} may not import this: ${message} See docs/foundation.md, "Dialects and the layering rule".`,
    })),
  },
];

const DIALECT_FOLDERS = ['src/**/sqlite/**', 'src/**/pg/**'];
const TESTS = ['src/**/*.test.ts'];
/** Deprecated re-exports of the old import paths, kept for one release, name the SQLite modules on purpose. */
const DEPRECATED = 'src/deprecated.ts';
/** Chooses the adapter by dynamic import(); it may name the dialects' option types, never load them statically. */
const OPEN_STORE = 'src/open-store.ts';

/** Flat-config blocks; every package's eslint.config.js spreads them after the shared config. */
export const dialectBoundaries = [
  {
    name: 'forgedb/dialect-free',
    files: ['src/**/*.ts'],
    ignores: [...DIALECT_FOLDERS, ...TESTS, DEPRECATED, OPEN_STORE],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([...SQLITE, ...PG], 'A dialect-free module'),
    },
  },
  {
    name: 'forgedb/open-store',
    files: [OPEN_STORE],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([...SQLITE, ...PG], 'open-store.ts', {
        allowTypeImports: true,
      }),
    },
  },
  {
    name: 'forgedb/sqlite',
    files: ['src/**/sqlite/**/*.ts'],
    ignores: TESTS,
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(PG, 'SQLite code'),
    },
  },
  {
    name: 'forgedb/pg',
    files: ['src/**/pg/**/*.ts'],
    ignores: TESTS,
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(SQLITE, 'PostgreSQL code'),
    },
  },
];
