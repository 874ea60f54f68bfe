import { upgradeDatabase, type UpgradeResult } from '@forgedb/migrate';
import type { DatabaseKind } from '@forgedb/schema';
import type { Io } from './io.js';
import { progressBar } from './progress.js';
import { openForReading, openForWriting } from './targets.js';

const PHASES = {
  backup: 'backing up',
  guards: 'upgrading columns',
  migrations: 'applying migrations',
} as const;

/** Upgrades one database file with a progress bar on a TTY (what `forgedb migrate` does per file). */
export function upgradeFile(
  target: { file: string; kind: DatabaseKind },
  io: Io,
  options: { dryRun?: boolean } = {},
): UpgradeResult {
  const dryRun = options.dryRun ?? false;
  // A dry run opens read-only: not even the journal-mode switch may touch the file.
  const db = dryRun ? openForReading(target.file) : openForWriting(target.file);
  const bar = progressBar(io, `${target.kind}.db`);
  try {
    return upgradeDatabase(db, target.kind, {
      dryRun,
      onProgress: (p) => bar.update(p.done, p.total, PHASES[p.phase]),
    });
  } finally {
    bar.stop();
    db.close();
  }
}
