import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * What an outside project gets from `npm install` of forgedb's published packages: each package is
 * packed with pnpm (which turns `workspace:` and `catalog:` into versions), the tarballs are
 * installed with npm into a project under the system temp directory (outside the workspace, so
 * nothing resolves through the workspace's node_modules), and used there from plain Node and from
 * tsc. The packages are ESM only: they are imported, never `require`d, and no `require` condition
 * is claimed. better-sqlite3 is not compiled again: an npm override links the workspace's built
 * copy. This package depends on every published package only so that turbo builds them first.
 */

const require = createRequire(import.meta.url);
const WORKSPACE = fileURLToPath(new URL('../../../', import.meta.url));
const PUBLISHED = [
  'packages/schema',
  'packages/db-core',
  'packages/migrate',
  'packages/store',
  'apps/migrator',
];

interface PackageJson {
  name: string;
  private?: boolean;
  type?: string;
  packageManager?: string;
  exports?: Record<string, Record<string, string>>;
  dependencies?: Record<string, string>;
}

interface Packed {
  dir: string;
  name: string;
  tarball: string;
  files: string[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

function run(command: string, args: string[], options: Omit<SpawnSyncOptions, 'encoding'>): string {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout;
}

/** The pnpm running this test when there is one, else the workspace's pinned version through npx. */
function pnpm(args: string[], cwd: string): string {
  const execPath = process.env.npm_execpath;
  if (execPath && path.basename(execPath).startsWith('pnpm'))
    return run(process.execPath, [execPath, ...args], { cwd });
  const pinned = readJson<PackageJson>(path.join(WORKSPACE, 'package.json')).packageManager ?? 'pnpm';
  return run('npx', ['-y', pinned, ...args], { cwd });
}

/** npm must not see pnpm's npm_config_* settings of this test run (it warns about, or obeys, them). */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

let temp: string;
let project: string;
let packed: Packed[];

const installed = (name: string) => path.join(project, 'node_modules', ...name.split('/'));

function node(code: string): string {
  return run(process.execPath, ['--input-type=module', '-e', code], { cwd: project, env: npmEnv() });
}

beforeAll(() => {
  temp = realpathSync(mkdtempSync(path.join(tmpdir(), 'forgedb-pack-')));
  const tarballs = path.join(temp, 'tarballs');
  project = path.join(temp, 'project');
  packed = PUBLISHED.map((dir) => {
    const out = pnpm(['pack', '--pack-destination', tarballs, '--json'], path.join(WORKSPACE, dir));
    const report = JSON.parse(out) as { name: string; filename: string; files: { path: string }[] };
    return { dir, name: report.name, tarball: report.filename, files: report.files.map((f) => f.path) };
  });

  const betterSqlite3 = realpathSync(path.dirname(require.resolve('better-sqlite3/package.json')));
  const dependencies = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]));
  // `$name` points the packages' dependencies on each other at the same tarballs, not the registry.
  const overrides = {
    'better-sqlite3': `file:${betterSqlite3}`,
    ...Object.fromEntries(packed.map((p) => [p.name, `$${p.name}`])),
  };
  mkdirSync(project, { recursive: true });
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify(
      { name: 'outside-project', private: true, type: 'module', dependencies, overrides },
      null,
      2,
    ),
  );
  run(
    'npm',
    ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    {
      cwd: project,
      env: npmEnv(),
    },
  );
}, 240_000);

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

describe('the packed packages', () => {
  it('are every publishable package of the workspace', () => {
    const publishable = ['apps', 'packages', 'tooling'].flatMap((group) =>
      readdirSync(path.join(WORKSPACE, group))
        .map((name) => `${group}/${name}`)
        .filter((dir) => existsSync(path.join(WORKSPACE, dir, 'package.json')))
        .filter((dir) => !readJson<PackageJson>(path.join(WORKSPACE, dir, 'package.json')).private),
    );
    expect(publishable.sort()).toEqual([...PUBLISHED].sort());
  });

  it('each hold a README.md, a LICENSE, their dist and no tests', () => {
    for (const p of packed) {
      expect(p.files, p.name).toContain('README.md');
      expect(p.files, p.name).toContain('LICENSE');
      expect(
        p.files.some((f) => f.startsWith('dist/') && f.endsWith('.js')),
        p.name,
      ).toBe(true);
      expect(
        p.files.filter((f) => f.endsWith('.test.ts')),
        p.name,
      ).toEqual([]);
    }
  });

  it('have source maps whose sources are in the tarball (JavaScript and declaration maps)', () => {
    for (const p of packed) {
      const root = installed(p.name);
      const maps = filesUnder(root).filter((f) => f.endsWith('.js.map') || f.endsWith('.d.ts.map'));
      expect(maps.filter((m) => m.endsWith('.js.map')).length, p.name).toBeGreaterThan(0);
      expect(maps.filter((m) => m.endsWith('.d.ts.map')).length, p.name).toBeGreaterThan(0);
      const missing = maps.flatMap((map) => {
        const { sources, sourceRoot } = readJson<{ sources: string[]; sourceRoot?: string }>(map);
        return sources
          .map((source) => path.resolve(path.dirname(map), sourceRoot ?? '', source))
          .filter((source) => !existsSync(source))
          .map((source) => `${path.relative(root, map)} -> ${path.relative(root, source)}`);
      });
      expect(missing, p.name).toEqual([]);
    }
  });

  it('depend on @types/better-sqlite3 when their declarations import better-sqlite3', () => {
    for (const p of packed) {
      const root = installed(p.name);
      const importing = filesUnder(path.join(root, 'dist'))
        .filter((f) => f.endsWith('.d.ts'))
        .filter((f) => /(from |import\()['"]better-sqlite3['"]/.test(readFileSync(f, 'utf8')));
      const manifest = readJson<PackageJson>(path.join(root, 'package.json'));
      if (importing.length > 0)
        expect(manifest.dependencies?.['@types/better-sqlite3'], p.name).toBeDefined();
    }
  });

  it('are ESM only: "type": "module" and no require condition in any export', () => {
    for (const p of packed) {
      const manifest = readJson<PackageJson>(path.join(installed(p.name), 'package.json'));
      expect(manifest.type, p.name).toBe('module');
      for (const [subpath, conditions] of Object.entries(manifest.exports ?? {}))
        expect(Object.keys(conditions), `${p.name} ${subpath}`).not.toContain('require');
    }
  });
});

describe('an outside project', () => {
  it('imports every entry point of every exports map with plain node', () => {
    const specifiers = packed.flatMap((p) => {
      const manifest = readJson<PackageJson>(path.join(installed(p.name), 'package.json'));
      return Object.keys(manifest.exports ?? {}).map((subpath) => p.name + subpath.slice(1));
    });
    expect(specifiers).toContain('@forgedb/db-core/sqlite');
    expect(specifiers).toContain('@forgedb/migrate/sqlite');
    expect(specifiers).toContain('@forgedb/schema/sqlite');
    const out = node(`
      const counts = {};
      for (const specifier of ${JSON.stringify(specifiers)})
        counts[specifier] = Object.keys(await import(specifier)).length;
      console.log(JSON.stringify(counts));
    `);
    const counts = JSON.parse(out) as Record<string, number>;
    expect(Object.keys(counts).sort()).toEqual([...specifiers].sort());
    for (const [specifier, count] of Object.entries(counts)) expect(count, specifier).toBeGreaterThan(0);
  });

  it('creates and reads back a feature in a memory store, and opens a database', () => {
    const out = node(`
      import { openStore } from '@forgedb/store';
      import { openDatabase } from '@forgedb/db-core/sqlite';
      import { upgradeDatabase } from '@forgedb/migrate/sqlite';
      const store = await openStore({ memory: true });
      const created = await store.features.create({ category: 'core', name: 'Schema', description: 'Tables', steps: ['Create'] });
      const feature = await store.features.get(created.id);
      await store.close();
      const db = openDatabase(':memory:');
      const upgrade = upgradeDatabase(db, 'features');
      db.close();
      console.log(JSON.stringify({ feature, applied: upgrade.applied }));
    `);
    const { feature, applied } = JSON.parse(out) as { feature: Record<string, unknown>; applied: string[] };
    expect(feature).toMatchObject({ id: 1, name: 'Schema', steps: ['Create'], passes: false });
    expect(applied.length).toBeGreaterThan(0);
  });

  it('gets real types: tsc refuses misuse that would compile if anything were any', () => {
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
        },
        files: ['types.ts'],
      }),
    );
    // Each @ts-expect-error fails the compile when its line is accepted, which it is when the value is any.
    writeFileSync(
      path.join(project, 'types.ts'),
      [
        "import { ForgeDbError } from '@forgedb/db-core';",
        "import { openDatabase } from '@forgedb/db-core/sqlite';",
        "import { upgradeDatabase } from '@forgedb/migrate/sqlite';",
        "import { DATABASE_FILE_NAMES } from '@forgedb/schema';",
        "import { openStore } from '@forgedb/store';",
        "import { main } from 'forgedb';",
        '',
        "const db = openDatabase(':memory:');",
        '// @ts-expect-error better-sqlite3 databases have no such method',
        'db.noSuchMethod();',
        'export const file: string = db.name;',
        '// @ts-expect-error the kind is features or assistant',
        "upgradeDatabase(db, 'neither');",
        '// @ts-expect-error file names are strings',
        'export const count: number = DATABASE_FILE_NAMES.features;',
        'const store = await openStore({ memory: true });',
        '// @ts-expect-error the features API has no such method',
        'await store.features.noSuchMethod();',
        '// @ts-expect-error main takes the argument list',
        'await main(42);',
        '// @ts-expect-error error codes are a closed union',
        "new ForgeDbError('NO_SUCH_CODE', 'message');",
        "export const code: string = new ForgeDbError('NOT_FOUND', 'message').code;",
        '',
      ].join('\n'),
    );
    const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
    run(process.execPath, [tsc, '-p', project], { cwd: project });
  });

  it('runs the forgedb bin', () => {
    const out = run(path.join(project, 'node_modules', '.bin', 'forgedb'), ['--help'], {
      cwd: project,
      env: npmEnv(),
    });
    expect(out).toContain('Usage: forgedb <command> [options]');
  });
});
