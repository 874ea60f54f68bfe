import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DatabaseKind } from '../files.js';
import { parseCompatibility, type MigrationCompatibility } from './compatibility.js';

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
  /**
   * The reviewed `<tag>.down.sql` beside it, which reverses it (PostgreSQL ships one for every
   * migration, docs/migrations.md); null where there is none (SQLite's are never downgraded).
   */
  down: DownMigration | null;
}

export interface DownMigration {
  /** sha256 of the down file. */
  hash: string;
  statements: string[];
  sql: string;
}

function splitStatements(sql: string): string[] {
  return sql
    .split('--> statement-breakpoint')
    .map(withoutLeadingComments)
    .filter((s) => s.length > 0);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Journal {
  dialect: string;
  entries: { idx: number; when: number; tag: string; breakpoints: boolean }[];
}

/** The dialects a migration folder can be for, spelled as drizzle-kit writes them in its journal. */
export const MIGRATION_DIALECTS = ['sqlite', 'postgresql'] as const;
export type MigrationDialect = (typeof MIGRATION_DIALECTS)[number];

/**
 * The shipped migrations of a database kind for a dialect: `drizzle/<kind>` for SQLite (where they
 * have always been, and shipped migrations never move), `drizzle/pg/<kind>` for PostgreSQL (added
 * with that dialect). Both `src/migrations/` and `dist/migrations/` sit two levels below the
 * package root, beside `drizzle/`.
 */
export function migrationsFolder(kind: DatabaseKind, dialect: MigrationDialect): string {
  const folder = dialect === 'sqlite' ? kind : `pg/${kind}`;
  return fileURLToPath(new URL(`../../drizzle/${folder}`, import.meta.url));
}

/**
 * Reads a drizzle-kit migration folder in journal order. The caller names the dialect it expects,
 * and a folder whose journal was generated for another one is refused, so SQL of one dialect is
 * never run against the other.
 */
export function loadMigrations(
  kind: DatabaseKind,
  dialect: MigrationDialect,
  folder = migrationsFolder(kind, dialect),
): MigrationFile[] {
  if (!(MIGRATION_DIALECTS as readonly string[]).includes(dialect)) {
    throw new Error(
      `Unknown migration dialect "${String(dialect)}": expected one of ${MIGRATION_DIALECTS.join(', ')}.`,
    );
  }
  const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as Journal;
  if (journal.dialect !== dialect) {
    throw new Error(
      `${folder}: expected a ${dialect} migration journal, found dialect "${journal.dialect}"; nothing was read.`,
    );
  }
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map((entry) => {
      const file = `${folder}/${entry.tag}.sql`;
      const sql = readFileSync(file, 'utf8');
      const downFile = `${folder}/${entry.tag}.down.sql`;
      const downSql = existsSync(downFile) ? readFileSync(downFile, 'utf8') : null;
      return {
        tag: entry.tag,
        hash: sha256(sql),
        createdAt: entry.when,
        statements: splitStatements(sql),
        compatibility: parseCompatibility(sql, file),
        sql,
        down:
          downSql === null
            ? null
            : { hash: sha256(downSql), statements: splitStatements(downSql), sql: downSql },
      };
    });
}
