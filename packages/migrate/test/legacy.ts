import Database from 'better-sqlite3';
import { copyFileSync, chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadMigrations, migrationsFolder } from '@forgedb/schema';
import { OLDEST_FEATURES_DDL, tempDir } from '@forgedb/test-utils';

export const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/legacy');
const LEGACY_DDL = path.resolve(import.meta.dirname, '../../../fixtures/legacy-ddl');

/** The two real variants whose `testing_in_progress` is NOT NULL without a default. */
export const TESTING_COLUMN_VARIANTS = ['a', 'b'] as const;

/**
 * A features.db built from a real variant's DDL (fixtures/legacy-ddl) and, unless `seed` is false,
 * the seed: 40 features with leftover values, user columns, a user trigger, view and index.
 */
export function makeTestingColumnFile(
  file: string,
  variant: (typeof TESTING_COLUMN_VARIANTS)[number],
  { seed = true } = {},
): string {
  const db = new Database(file);
  db.exec(readFileSync(path.join(LEGACY_DDL, `features-testing-column-${variant}.sql`), 'utf8'));
  if (seed) db.exec(readFileSync(path.join(LEGACY_DDL, 'testing-column-seed.sql'), 'utf8'));
  db.close();
  return file;
}

/** Copies a legacy fixture into a temp dir (the originals are read-only and must never change). */
export function copyFixture(name: string, dir = tempDir()): string {
  const target = path.join(dir, name);
  copyFileSync(path.join(FIXTURES, name), target);
  chmodSync(target, 0o644);
  return target;
}

/** Builds a file in the oldest shape with `count` features, some with NULL passes. */
export function makeOldestFile(file: string, count: number): void {
  const db = new Database(file);
  db.exec(OLDEST_FEATURES_DDL);
  const insert = db.prepare(
    'INSERT INTO features (id, priority, category, name, description, steps, passes) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (let i = 1; i <= count; i++) {
      insert.run(
        i,
        i,
        `cat${i % 7}`,
        `Feature ${i}`,
        `Description ${i}\nline two`,
        '["step 0", "step 1"]',
        i % 3 === 0 ? null : i % 2,
      );
    }
  })();
  db.close();
}

export type Row = Record<string, unknown>;

/** Every row of a table, columns in file order: compared before and after an upgrade. */
export function dumpTable(file: string, table: string, columns?: string[]): Row[] {
  const db = new Database(file, { readonly: true });
  try {
    const cols = columns?.map((c) => `"${c}"`).join(', ') ?? '*';
    return db.prepare(`SELECT ${cols} FROM "${table}" ORDER BY rowid`).all() as Row[];
  } finally {
    db.close();
  }
}

export function columnsOf(file: string, table: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);
  } finally {
    db.close();
  }
}

/** The shipped migration tags of a database kind, oldest first. */
export function shippedTags(kind: 'features' | 'assistant' = 'features'): string[] {
  return loadMigrations(kind, 'sqlite', migrationsFolder(kind, 'sqlite')).map((m) => m.tag);
}
