import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../files.js';
import { parseCompatibility } from './compatibility.js';
import { loadMigrations, migrationsFolder } from './loader.js';

/** Shipped before the compatibility marker existed; every later migration must declare it. */
const SHIPPED_WITHOUT_MARKER = new Set([
  'features/0000_baseline',
  'features/0001_claim_leases',
  'features/0002_lease_reset_trigger',
  'assistant/0000_baseline',
]);

describe('migration compatibility markers', () => {
  it.each(DATABASE_KINDS)('every %s migration after the marker was introduced declares one', (kind) => {
    for (const m of loadMigrations(kind, 'sqlite')) {
      const known = SHIPPED_WITHOUT_MARKER.has(`${kind}/${m.tag}`);
      expect(m.compatibility === null, `${kind}/${m.tag}`).toBe(known);
    }
  });

  it('0003_lease_fencing is backward compatible: older forgedb agents may keep using the file', () => {
    const m = loadMigrations('features', 'sqlite').find((x) => x.tag === '0003_lease_fencing');
    expect(m?.compatibility).toBe('backward-compatible');
  });

  it('reads the marker from the leading comment lines only', () => {
    expect(parseCompatibility('-- forgedb:compatibility incompatible\nDROP TABLE x;', 'f.sql')).toBe(
      'incompatible',
    );
    expect(
      parseCompatibility('-- why\n--forgedb:compatibility backward-compatible\nSELECT 1;', 'f.sql'),
    ).toBe('backward-compatible');
    expect(parseCompatibility('SELECT 1;\n-- forgedb:compatibility incompatible', 'f.sql')).toBeNull();
    expect(parseCompatibility('CREATE TABLE t (x INT);', 'f.sql')).toBeNull();
  });

  it('refuses a marker with an unknown value, naming the file', () => {
    expect(() => parseCompatibility('-- forgedb:compatibility maybe\nSELECT 1;', '/m/0009_x.sql')).toThrow(
      /0009_x\.sql.*backward-compatible, incompatible/,
    );
  });

  it('strips the comment lines before a statement, as SQLite does for what it stores', () => {
    const m = loadMigrations('features', 'sqlite').find((x) => x.tag === '0003_lease_fencing')!;
    // Its file starts with comment lines, and so does at least one later statement.
    expect(m.statements.length).toBeGreaterThan(1);
    for (const s of m.statements) expect(s.startsWith('--'), s).toBe(false);
  });
});

describe('the dialect of a migration folder', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A drizzle-kit folder as `drizzle-kit generate` writes it for `dialect`, with one migration. */
  function folder(dialect: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'forgedb-migrations-'));
    made.push(dir);
    mkdirSync(path.join(dir, 'meta'));
    const entries = [{ idx: 0, version: '7', when: 1, tag: '0000_baseline', breakpoints: true }];
    writeFileSync(
      path.join(dir, 'meta', '_journal.json'),
      JSON.stringify({ version: '7', dialect, entries }),
    );
    writeFileSync(
      path.join(dir, '0000_baseline.sql'),
      '-- forgedb:compatibility incompatible\nCREATE TABLE "t" ("id" serial PRIMARY KEY);\n--> statement-breakpoint\nCREATE INDEX "ix_t" ON "t" ("id");',
    );
    return dir;
  }

  it('reads a PostgreSQL folder when asked for one', () => {
    const [m] = loadMigrations('features', 'postgresql', folder('postgresql'));
    expect(m).toMatchObject({
      tag: '0000_baseline',
      compatibility: 'incompatible',
      statements: ['CREATE TABLE "t" ("id" serial PRIMARY KEY);', 'CREATE INDEX "ix_t" ON "t" ("id");'],
    });
  });

  it('refuses a folder generated for another dialect than the one asked for, naming both', () => {
    const pg = folder('postgresql');
    expect(() => loadMigrations('features', 'sqlite', pg)).toThrow(
      `${pg}: expected a sqlite migration journal, found dialect "postgresql"; nothing was read.`,
    );
    expect(() => loadMigrations('features', 'postgresql', migrationsFolder('features', 'sqlite'))).toThrow(
      /expected a postgresql migration journal, found dialect "sqlite"/,
    );
  });

  it('refuses a dialect it does not know', () => {
    expect(() => loadMigrations('features', 'mysql' as never, folder('mysql'))).toThrow(
      'Unknown migration dialect "mysql": expected one of sqlite, postgresql.',
    );
  });

  it('finds the shipped SQLite folders where they have always been, and the PostgreSQL ones under pg/', () => {
    const root = fileURLToPath(new URL('../../drizzle/', import.meta.url));
    expect(migrationsFolder('features', 'sqlite')).toBe(path.join(root, 'features'));
    expect(migrationsFolder('assistant', 'sqlite')).toBe(path.join(root, 'assistant'));
    expect(migrationsFolder('features', 'postgresql')).toBe(path.join(root, 'pg', 'features'));
  });

  it('reads the down file beside a migration, and gives null where there is none', () => {
    const dir = folder('postgresql');
    expect(loadMigrations('features', 'postgresql', dir)[0]!.down).toBeNull();
    writeFileSync(
      path.join(dir, '0000_baseline.down.sql'),
      '-- reverses it\nDROP INDEX "ix_t";\n--> statement-breakpoint\nDROP TABLE "t";',
    );
    expect(loadMigrations('features', 'postgresql', dir)[0]!.down).toMatchObject({
      statements: ['DROP INDEX "ix_t";', 'DROP TABLE "t";'],
    });
  });

  it('ships a reviewed down file for every PostgreSQL migration, and none for SQLite', () => {
    for (const kind of ['features', 'assistant'] as const) {
      const pg = loadMigrations(kind, 'postgresql');
      expect(pg.length).toBeGreaterThan(0);
      for (const m of pg) expect(m.down?.statements.length, `${kind}/${m.tag}.down.sql`).toBeGreaterThan(0);
      for (const m of loadMigrations(kind, 'sqlite')) expect(m.down).toBeNull();
    }
  });
});
