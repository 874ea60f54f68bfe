import { applyJournalMode, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';
import type { UpgradeResult } from '@forgedb/migrate';
import type { DatabaseKind } from '@forgedb/schema';
import { CommandError, describeError } from './errors.js';
import type { Io } from './io.js';
import { progressBar } from './progress.js';
import { openForReading, openForWriting } from './targets.js';

const PHASES = {
  backup: 'backing up',
  guards: 'upgrading columns',
  migrations: 'applying migrations',
} as const;

/**
 * After a successful upgrade, switches the file to the journal mode its file system calls for
 * (WAL on a local disk). Only then: a failed upgrade must leave the header as it was.
 */
export function switchJournalModeAfter(db: SqliteDatabase, result: UpgradeResult): void {
  try {
    applyJournalMode(db);
  } catch (error) {
    const { code, message } = describeError(error);
    const state = result.changed
      ? `was upgraded${result.backup ? ` (its backup is ${result.backup})` : ''}`
      : 'needed no upgrade';
    throw new CommandError(
      `${result.file} ${state}, but switching its journal mode failed: ${message}`,
      code,
    );
  }
}

/** Upgrades one database file with a progress bar on a TTY (what `forgedb migrate` does per file). */
export function upgradeFile(
  target: { file: string; kind: DatabaseKind },
  io: Io,
  options: { dryRun?: boolean } = {},
): UpgradeResult {
  const dryRun = options.dryRun ?? false;
  // A dry run opens read-only: not even the journal-mode switch may touch the file.
  const db = dryRun ? openForReading(target.file) : openForWriting(target.file, { deferJournalMode: true });
  const bar = progressBar(io, `${target.kind}.db`);
  try {
    const result = upgradeDatabase(db, target.kind, {
      dryRun,
      onProgress: (p) => bar.update(p.done, p.total, PHASES[p.phase]),
    });
    if (!dryRun) switchJournalModeAfter(db, result);
    return result;
  } finally {
    bar.stop();
    db.close();
  }
}
