import { DATABASE_FILE_NAMES } from '@forgedb/schema';
import { FEATURE_EXPORT_FILE } from '@forgedb/store';
import { exportFeatureList } from '@forgedb/store/sqlite';
import { findProjectFile } from '@forgedb/db-core/sqlite';
import path from 'node:path';
import { defineCommand, jsonOption } from '../command.js';
import { CommandError, EXIT_OK } from '../errors.js';
import { displayPath } from '../format.js';
import { printJson } from '../io.js';
import { openForReading, requireProject } from '../targets.js';

export default defineCommand({
  name: 'export-json',
  summary: 'write every feature to feature_list_export.json (priority, then id order)',
  help: `Usage: forgedb export-json --project DIR [--out FILE] [--json]

Writes all features of DIR's features.db, ordered by priority then id, each in the API's
serialization (booleans, dependency lists of integer ids, parsed JSON), as a JSON array with
2-space indentation. The database is opened read-only (a hot journal left by a writer that
crashed mid-transaction is rolled back first, which restores its last committed content). The
output is written to a temporary file, synced and renamed, so a failed export (a full disk
included) never leaves a partial file and an earlier export at FILE stays as it was. Works on
un-migrated legacy files too (missing columns read as their defaults). Feature ids beyond
9007199254740991 (written by another tool) are refused, every one named, rather than exported
rounded.

  --out FILE   where to write (default: DIR/${FEATURE_EXPORT_FILE}); replaced if it exists.
               A database is refused: the project's features.db or assistant.db, their
               -wal/-shm/-journal, or any other SQLite file.
  --json       one JSON document: { ok, file, count }

Exit codes: 0 written, 1 failed (nothing written, FILE unchanged), 2 usage error.`,
  options: { ...jsonOption, project: { type: 'string' }, out: { type: 'string' } },
  run({ values, io }) {
    const projectDir = requireProject(values, 'export-json');
    const file = findProjectFile(projectDir, DATABASE_FILE_NAMES.features);
    if (!file) throw new CommandError(`No features.db in ${projectDir}; nothing was exported.`, 'NOT_FOUND');
    const db = openForReading(file);
    try {
      const result = exportFeatureList(
        db,
        path.resolve(values.out ?? path.join(projectDir, FEATURE_EXPORT_FILE)),
      );
      if (values.json) printJson(io, { ok: true, ...result });
      else io.out(`Exported ${result.count} feature(s) to ${displayPath(result.file)}.\n`);
      return EXIT_OK;
    } finally {
      db.close();
    }
  },
});
