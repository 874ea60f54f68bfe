import { DATABASE_FILE_NAMES } from '@forgedb/schema';
import { FEATURE_EXPORT_FILE, openStore, type Store } from '@forgedb/store';
import { findProjectFile } from '@forgedb/db-core/sqlite';
import path from 'node:path';
import { defineCommand, jsonOption } from '../command.js';
import { CommandError, EXIT_OK, UsageError } from '../errors.js';
import { displayPath } from '../format.js';
import { printJson } from '../io.js';
import { pgOptions, resolvePgTarget } from '../pg-target.js';
import { requireProject } from '../targets.js';

export default defineCommand({
  name: 'export-json',
  summary: 'write every feature to feature_list_export.json (priority, then id order)',
  help: `Usage: forgedb export-json --project DIR [--out FILE] [--json]
       forgedb export-json --database-url URL --project-name NAME [--schema S] --out FILE [--json]

Writes all features of DIR's features.db, ordered by priority then id, each in the API's
serialization (booleans, dependency lists of integer ids, parsed JSON), as a JSON array with
2-space indentation. The database is opened read-only (a hot journal left by a writer that
crashed mid-transaction is rolled back first, which restores its last committed content). The
output is written to a temporary file, synced and renamed, so a failed export (a full disk
included) never leaves a partial file and an earlier export at FILE stays as it was. Works on
un-migrated legacy files too (missing columns read as their defaults). Feature ids beyond
9007199254740991 (written by another tool) are refused, every one named, rather than exported
rounded.

On PostgreSQL the project's features are read in one snapshot, in pages, and --out is required.

  --out FILE   where to write (default: DIR/${FEATURE_EXPORT_FILE}); replaced if it exists.
               A database is refused: the project's features.db or assistant.db, their
               -wal/-shm/-journal, or any other SQLite file.
  --json       one JSON document: { ok, file, count }

Exit codes: 0 written, 1 failed (nothing written, FILE unchanged), 2 usage error.`,
  options: { ...jsonOption, ...pgOptions, project: { type: 'string' }, out: { type: 'string' } },
  async run({ values, io }) {
    const pg = resolvePgTarget(values, 'export-json', { projectRequired: true });
    let store: Store;
    let outFile = values.out === undefined ? undefined : path.resolve(values.out);
    if (pg) {
      if (values.out === undefined)
        throw new UsageError(
          'export-json on PostgreSQL needs --out FILE (a server project has no directory).',
          'export-json',
        );
      store = await openStore({ url: pg.url, project: pg.project as string, schema: pg.schema });
    } else {
      const projectDir = requireProject(values, 'export-json');
      if (!findProjectFile(projectDir, DATABASE_FILE_NAMES.features))
        throw new CommandError(`No features.db in ${projectDir}; nothing was exported.`, 'NOT_FOUND');
      // Read-only: an export never upgrades or changes the file, and reads any shape.
      store = await openStore({ projectDir, readOnly: true });
      outFile ??= path.join(projectDir, FEATURE_EXPORT_FILE);
    }
    try {
      const result = await store.featureList.export({ outFile });
      if (values.json) printJson(io, { ok: true, ...result });
      else io.out(`Exported ${result.count} feature(s) to ${displayPath(result.file)}.\n`);
      return EXIT_OK;
    } finally {
      await store.close();
    }
  },
});
