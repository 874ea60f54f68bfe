import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The two database files a project has; each has its own drizzle-kit migration folder. */
export const DATABASE_KINDS = ['features', 'assistant'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export const DATABASE_FILE_NAMES: Record<DatabaseKind, string> = {
  features: 'features.db',
  assistant: 'assistant.db',
};

/**
 * Whether forgedb versions that do not ship a migration may keep using a file it was applied to
 * (docs/decisions/0006-rolling-upgrades.md). Declared by a header line in the migration's SQL,
 * `-- forgedb:compatibility backward-compatible` or `-- forgedb:compatibility incompatible`, so it
 * is covered by the file's hash; migrations shipped before the marker existed have none (null).
 */
export const MIGRATION_COMPATIBILITIES = ['backward-compatible', 'incompatible'] as const;
export type MigrationCompatibility = (typeof MIGRATION_COMPATIBILITIES)[number];

const COMPATIBILITY_LINE = /^--\s*forgedb:compatibility\b(.*)$/;

/** The marker from the migration's leading comment lines; a malformed marker is a bug in the migration. */
export function parseCompatibility(sql: string, file: string): MigrationCompatibility | null {
  for (const line of sql.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('--')) break;
    const m = COMPATIBILITY_LINE.exec(trimmed);
    if (!m) continue;
    const value = m[1]!.trim();
    if (!(MIGRATION_COMPATIBILITIES as readonly string[]).includes(value)) {
      throw new Error(
        `${file}: "-- forgedb:compatibility ${value}" must name one of ${MIGRATION_COMPATIBILITIES.join(', ')}.`,
      );
    }
    return value as MigrationCompatibility;
  }
  return null;
}

/** A statement without the comment lines before it: SQLite stores a trigger's text from CREATE on. */
function withoutLeadingComments(statement: string): string {
  return statement.replace(/^(?:\s*--[^\n]*(?:\n|$))+/, '').trim();
}

export interface MigrationFile {
  /** drizzle-kit's tag, e.g. `0000_baseline`; identity of a migration together with its hash. */
  tag: string;
  /** sha256 of the SQL file, the same digest drizzle computes. */
  hash: string;
  /** drizzle-kit's `when` (ms); informational only: pending is decided by membership, not time. */
  createdAt: number;
  /** The file split on drizzle-kit's statement breakpoints, each without the comment lines before it. */
  statements: string[];
  /** From the file's `-- forgedb:compatibility` header; null for migrations older than the marker. */
  compatibility: MigrationCompatibility | null;
  sql: string;
}

interface Journal {
  dialect: string;
  entries: { idx: number; when: number; tag: string; breakpoints: boolean }[];
}

/** Both `src/` and `dist/` sit one level below the package root, beside `drizzle/`. */
export function migrationsFolder(kind: DatabaseKind): string {
  return fileURLToPath(new URL(`../drizzle/${kind}`, import.meta.url));
}

export function loadMigrations(kind: DatabaseKind, folder = migrationsFolder(kind)): MigrationFile[] {
  const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as Journal;
  if (journal.dialect !== 'sqlite') {
    throw new Error(`${folder}: expected a sqlite migration journal, found dialect "${journal.dialect}"`);
  }
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map((entry) => {
      const file = `${folder}/${entry.tag}.sql`;
      const sql = readFileSync(file, 'utf8');
      return {
        tag: entry.tag,
        hash: createHash('sha256').update(sql).digest('hex'),
        createdAt: entry.when,
        statements: sql
          .split('--> statement-breakpoint')
          .map(withoutLeadingComments)
          .filter((s) => s.length > 0),
        compatibility: parseCompatibility(sql, file),
        sql,
      };
    });
}
