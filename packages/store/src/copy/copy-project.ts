import { ValidationError } from '@forgedb/db-core';
import type { CopySource } from './copy-source.js';
import type { TableCount } from './stream-tables.js';

/** A project directory (its features.db and assistant.db). */
export interface SqliteCopyLocation {
  projectDir: string;
}

/** A project in a PostgreSQL database. */
export interface PgCopyLocation {
  url: string;
  project: string;
  /** Default: forgedb's schema. */
  schema?: string;
}

export type CopyLocation = SqliteCopyLocation | PgCopyLocation;

export interface CopyProjectOptions {
  from: CopyLocation;
  to: CopyLocation;
  /** Replace a target that holds data; without it such a target is refused with nothing written. */
  replace?: boolean;
  onProgress?: (table: string, rows: number) => void;
}

export interface CopyProjectResult {
  /** The source and target as messages name them (a server without its password). */
  from: string;
  to: string;
  counts: TableCount[];
}

const isPg = (location: CopyLocation): location is PgCopyLocation => 'url' in location;

/**
 * Copies a project between SQLite and PostgreSQL (either way, or between two PostgreSQL
 * projects), in keyset batches, then reads both sides back and compares them row by row
 * (docs/postgres.md#forgedb-copy). The source is read from one snapshot, so agents may keep
 * working on it. Each dialect's code is loaded by dynamic import, only when a side uses it.
 */
export async function copyProject(options: CopyProjectOptions): Promise<CopyProjectResult> {
  const { from, to } = options;
  if (!isPg(from) && !isPg(to)) {
    throw new ValidationError(
      'configuration',
      'A copy moves a project between SQLite and PostgreSQL; one of from and to must be a PostgreSQL location.',
      [{ path: 'to', message: 'neither side is PostgreSQL' }],
    );
  }
  const source = await openSource(from);
  try {
    const target = { replace: options.replace, onProgress: options.onProgress };
    if (isPg(to)) {
      const { copyIntoPgLocation } = await import('../pg/copy-side.js');
      const written = await copyIntoPgLocation(to, source, target);
      return { from: source.label, to: written.label, counts: written.counts };
    }
    const { copyIntoSqliteProject } = await import('../sqlite/copy-side.js');
    const counts = await copyIntoSqliteProject(to.projectDir, source, target);
    return { from: source.label, to: to.projectDir, counts };
  } finally {
    await source.close();
  }
}

async function openSource(from: CopyLocation): Promise<CopySource> {
  if (isPg(from)) {
    const { openPgCopyLocation } = await import('../pg/copy-side.js');
    return openPgCopyLocation(from);
  }
  const { openSqliteCopySource } = await import('../sqlite/copy-side.js');
  return openSqliteCopySource(from.projectDir);
}
