import { readFileSync } from 'node:fs';
import { loadMigrations, migrationsFolder, type DatabaseKind, type MigrationFile } from '@forgedb/schema';

/** A table as drizzle-kit's snapshot describes it: the shape the schema expects. */
export interface ExpectedColumn {
  name: string;
  type: string;
  notNull: boolean;
  primaryKey: boolean;
  default?: string | number;
}

export interface ExpectedTable {
  name: string;
  columns: ExpectedColumn[];
  indexes: { name: string; columns: string[]; isUnique: boolean }[];
  checks: string[];
  /** The CREATE TABLE / CREATE INDEX statements of the migration that introduced this shape. */
  createTable: string | undefined;
  createIndexes: Map<string, string>;
}

interface SnapshotJson {
  tables: Record<
    string,
    {
      name: string;
      columns: Record<string, ExpectedColumn & { default?: string | number }>;
      indexes: Record<string, { name: string; columns: string[]; isUnique: boolean }>;
      checkConstraints?: Record<string, { name: string }>;
    }
  >;
}

export interface MigrationSet {
  kind: DatabaseKind;
  folder: string;
  migrations: MigrationFile[];
  /** The shape recorded by the first migration: what a legacy file is adopted at. */
  baseline: Map<string, ExpectedTable>;
  /** The shape after the last migration: what verify compares against. */
  latest: Map<string, ExpectedTable>;
}

function readSnapshot(folder: string, index: number, statements: string[]): Map<string, ExpectedTable> {
  const file = `${folder}/meta/${String(index).padStart(4, '0')}_snapshot.json`;
  const json = JSON.parse(readFileSync(file, 'utf8')) as SnapshotJson;
  const tables = new Map<string, ExpectedTable>();
  for (const t of Object.values(json.tables)) {
    const createTable = statements.find((s) =>
      new RegExp(`^CREATE TABLE [\`"]?${t.name}[\`"]? \\(`, 'i').test(s),
    );
    const createIndexes = new Map<string, string>();
    for (const s of statements) {
      const m = /^CREATE (?:UNIQUE )?INDEX [`"]?([\w]+)[`"]? ON [`"]?(\w+)[`"]?/i.exec(s);
      if (m?.[1] && m[2] === t.name) createIndexes.set(m[1], s.replace(/;\s*$/, ''));
    }
    tables.set(t.name, {
      name: t.name,
      columns: Object.values(t.columns),
      indexes: Object.values(t.indexes),
      checks: Object.values(t.checkConstraints ?? {}).map((c) => c.name),
      createTable: createTable?.replace(/;\s*$/, ''),
      createIndexes,
    });
  }
  return tables;
}

export function loadMigrationSet(
  kind: DatabaseKind,
  folder = migrationsFolder(kind, 'sqlite'),
): MigrationSet {
  const migrations = loadMigrations(kind, 'sqlite', folder);
  if (migrations.length === 0) throw new Error(`${folder} holds no migrations`);
  const first = migrations[0]!;
  const latestIndex = migrations.length - 1;
  return {
    kind,
    folder,
    migrations,
    baseline: readSnapshot(folder, 0, first.statements),
    latest: readSnapshot(
      folder,
      latestIndex,
      migrations.flatMap((m) => m.statements),
    ),
  };
}
