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

export interface MigrationFile {
  /** drizzle-kit's tag, e.g. `0000_baseline`; identity of a migration together with its hash. */
  tag: string;
  /** sha256 of the SQL file, the same digest drizzle computes. */
  hash: string;
  /** drizzle-kit's `when` (ms); informational only: pending is decided by membership, not time. */
  createdAt: number;
  /** The file split on drizzle-kit's statement breakpoints. */
  statements: string[];
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
      const sql = readFileSync(`${folder}/${entry.tag}.sql`, 'utf8');
      return {
        tag: entry.tag,
        hash: createHash('sha256').update(sql).digest('hex'),
        createdAt: entry.when,
        statements: sql
          .split('--> statement-breakpoint')
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
        sql,
      };
    });
}
