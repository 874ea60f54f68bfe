import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { dialectBoundaries } from '../index.js';

/*
 * Lints fixture text with each package's own eslint.config.js, as `pnpm lint` (and so CI) does,
 * at paths inside the package's src/. Type-aware rules are switched off for the fixtures: they
 * are not files of the package's TypeScript project, and the layering rule needs no types.
 */

const PACKAGES = path.resolve(import.meta.dirname, '../../../packages');
const RULE = '@typescript-eslint/no-restricted-imports';

const linters = new Map();
function linter(pkg) {
  let eslint = linters.get(pkg);
  if (!eslint) {
    eslint = new ESLint({
      cwd: path.join(PACKAGES, pkg),
      overrideConfig: tseslint.configs.disableTypeChecked,
    });
    linters.set(pkg, eslint);
  }
  return eslint;
}

/** The layering errors ESLint reports for `code` at `file` (relative to the package) in `pkg`. */
async function layeringErrors(pkg, file, code) {
  const [result] = await linter(pkg).lintText(code, { filePath: path.join(PACKAGES, pkg, file) });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal, `${pkg}/${file} must parse`).toEqual([]);
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

const SQLITE_IMPORTS = [
  "import Database from 'better-sqlite3';",
  "import type { Database } from 'better-sqlite3';",
  "import { sqliteTable } from 'drizzle-orm/sqlite-core';",
  "import { drizzle } from 'drizzle-orm/better-sqlite3';",
  "import { openDatabase } from '../sqlite/open.js';",
  "import type { SqliteDatabase } from '../../sqlite/open.js';",
  "export * from './sqlite/index.js';",
  "export { openDatabase } from '@forgedb/db-core/sqlite';",
  "import type { OpenOptions } from '@forgedb/db-core/sqlite';",
];

const PG_IMPORTS = [
  "import pg from 'pg';",
  "import type { Pool } from 'pg';",
  "import Cursor from 'pg-cursor';",
  "import { pgTable } from 'drizzle-orm/pg-core';",
  "import { drizzle } from 'drizzle-orm/node-postgres';",
  "import { openPool } from '../pg/pool.js';",
  "import type { PgStoreOptions } from '@forgedb/store/pg';",
];

const DIALECT_FREE_IMPORTS = [
  "import { sql } from 'drizzle-orm';",
  "import { z } from 'zod';",
  "import { ValidationError } from '@forgedb/db-core';",
  "import { serializeFeature } from '@forgedb/schema';",
  "import { ValidationError as V } from '../errors/index.js';",
  "import { readFileSync } from 'node:fs';",
];

describe('a dialect-free module', () => {
  it.each([...SQLITE_IMPORTS, ...PG_IMPORTS])('may not %s', async (statement) => {
    const errors = await layeringErrors('db-core', 'src/errors/fixture.ts', `${statement}\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('A dialect-free module may not import this');
    expect(errors[0]).toContain('docs/foundation.md, "Dialects and the layering rule"');
  });

  it.each(DIALECT_FREE_IMPORTS)('may %s', async (statement) => {
    expect(await layeringErrors('db-core', 'src/errors/fixture.ts', `${statement}\n`)).toEqual([]);
  });

  it('is every module of src/ outside sqlite/ and pg/, at any depth', async () => {
    for (const file of ['src/index.ts', 'src/plan/membership.ts', 'src/a/b/c.ts'])
      expect(await layeringErrors('migrate', file, "import Database from 'better-sqlite3';\n")).toHaveLength(
        1,
      );
  });

  it('may load a dialect with a dynamic import()', async () => {
    expect(
      await layeringErrors(
        'schema',
        'src/contract/fixture.ts',
        "export const load = () => import('./sqlite/index.js');\n",
      ),
    ).toEqual([]);
  });
});

describe('dialect folders', () => {
  it('sqlite/ may use SQLite, and may not import PostgreSQL code', async () => {
    for (const statement of SQLITE_IMPORTS.filter((s) => !s.includes('/sqlite/open.js')))
      expect(await layeringErrors('db-core', 'src/sqlite/fixture.ts', `${statement}\n`), statement).toEqual(
        [],
      );
    for (const statement of PG_IMPORTS) {
      const errors = await layeringErrors('db-core', 'src/sqlite/fixture.ts', `${statement}\n`);
      expect(errors, statement).toHaveLength(1);
      expect(errors[0]).toContain('SQLite code may not import this');
    }
  });

  it('pg/ may use PostgreSQL, and may not import SQLite code', async () => {
    for (const statement of PG_IMPORTS.filter((s) => !s.includes('/pg/pool.js')))
      expect(await layeringErrors('schema', 'src/pg/tables/fixture.ts', `${statement}\n`), statement).toEqual(
        [],
      );
    for (const statement of SQLITE_IMPORTS) {
      const errors = await layeringErrors('schema', 'src/pg/tables/fixture.ts', `${statement}\n`);
      expect(errors, statement).toHaveLength(1);
      expect(errors[0]).toContain('PostgreSQL code may not import this');
    }
  });
});

describe('exempt files', () => {
  it('tests may open any dialect', async () => {
    expect(
      await layeringErrors('migrate', 'src/plan/fixture.test.ts', "import Database from 'better-sqlite3';\n"),
    ).toEqual([]);
  });

  it('src/deprecated.ts may re-export the SQLite modules it keeps for one release', async () => {
    expect(
      await layeringErrors(
        'db-core',
        'src/deprecated.ts',
        "export { openDatabase } from './sqlite/open.js';\n",
      ),
    ).toEqual([]);
  });

  it('src/open-store.ts may name dialect types, but loads dialects only by dynamic import()', async () => {
    // Checked in a package without an open-store.ts of its own, and in the store, whose it is.
    for (const pkg of ['migrate', 'store']) {
      expect(
        await layeringErrors(
          pkg,
          'src/open-store.ts',
          "import { openDatabase } from '@forgedb/db-core/sqlite';\n",
        ),
      ).toHaveLength(1);
    }
    expect(
      await layeringErrors(
        'migrate',
        'src/open-store.ts',
        "import type { OpenOptions } from '@forgedb/db-core/sqlite';\n",
      ),
    ).toEqual([]);
    const errors = await layeringErrors(
      'migrate',
      'src/open-store.ts',
      "import { openDatabase } from '@forgedb/db-core/sqlite';\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('open-store.ts may not import this');
  });
});

describe('every package applies the rule', () => {
  /** Test helpers build and kill SQLite files on purpose; they ship no product code. */
  const TEST_HELPERS = new Set(['test-utils']);
  const packages = readdirSync(PACKAGES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !TEST_HELPERS.has(d.name))
    .map((d) => d.name);

  it.each(packages)('packages/%s/eslint.config.js spreads every dialectBoundaries block', async (pkg) => {
    const { default: config } = await import(
      pathToFileURL(path.join(PACKAGES, pkg, 'eslint.config.js')).href
    );
    for (const block of dialectBoundaries) {
      const applied = config.find((c) => c.name === block.name);
      expect(applied, `${pkg}: ${block.name}`).toBeDefined();
      expect(applied.files).toEqual(block.files);
      expect(applied.rules).toEqual(block.rules);
      // A package may exclude more files for a while (documented in its config), never fewer.
      expect(applied.ignores ?? []).toEqual(expect.arrayContaining(block.ignores ?? []));
    }
  });

  it('a new store module outside sqlite/ is checked', async () => {
    expect(
      await layeringErrors('store', 'src/queue/fixture.ts', "import Database from 'better-sqlite3';\n"),
    ).toHaveLength(1);
  });
});
