import { resolveDatabaseFile } from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';
import type { UpgradeResult } from '@forgedb/migrate';
import { DATABASE_FILE_NAMES } from '@forgedb/schema';
import type { ImportResult } from '@forgedb/store';
import { importFeatureList } from '@forgedb/store/sqlite';
import { CommandError, describeError } from './errors.js';
import type { Io } from './io.js';
import { progressBar } from './progress.js';
import { openForWriting } from './targets.js';
import { switchJournalModeAfter } from './upgrade-file.js';

export interface ProjectImport {
  database: string;
  upgrade: UpgradeResult;
  result: ImportResult;
}

/**
 * What the Python app does on first start: open (or create) the project's features.db, bring it
 * to the current schema, then import feature_list.json if the table is empty.
 */
export function importProjectFeatureList(projectDir: string, io: Io): ProjectImport {
  const database = resolveDatabaseFile(projectDir, DATABASE_FILE_NAMES.features);
  const db = openForWriting(database, { create: true, deferJournalMode: true });
  try {
    let upgrade: UpgradeResult;
    try {
      upgrade = upgradeDatabase(db, 'features');
      switchJournalModeAfter(db, upgrade);
    } catch (error) {
      const { code, message } = describeError(error);
      throw new CommandError(
        `could not bring ${database} to the current schema before importing: ${message} Nothing was imported.`,
        code,
      );
    }
    const bar = progressBar(io, 'importing');
    try {
      const result = importFeatureList(db, projectDir, {
        onProgress: (p) => bar.update(p.bytesRead, p.totalBytes, `${p.imported} features`),
      });
      return { database, upgrade, result };
    } finally {
      bar.stop();
    }
  } finally {
    db.close();
  }
}
