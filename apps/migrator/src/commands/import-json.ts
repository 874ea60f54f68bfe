import { findProjectFile } from '@forgedb/db-core/sqlite';
import { FEATURE_LIST_FILE } from '@forgedb/store';
import { defineCommand, jsonOption } from '../command.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { displayPath } from '../format.js';
import { printJson } from '../io.js';
import { pgOptions, resolvePgTarget } from '../pg-target.js';
import { importProjectFeatureList } from '../project-import.js';
import { requireProject } from '../targets.js';

export default defineCommand({
  name: 'import-json',
  summary: "import a legacy feature_list.json into the project's empty features.db",
  help: `Usage: forgedb import-json --project DIR [--json]
       forgedb import-json --database-url URL --project-name NAME [--schema S] --file FILE [--json]

Imports DIR's feature_list.json (found in .autoforge/, .autocoder/ or DIR itself) into its
features.db, as the Python app does on first start:
  - runs only when the file exists and features.db holds no features (otherwise it reports
    why it skipped and exits 0);
  - missing fields default to id/priority = position+1, category "uncategorized",
    name "Feature N", description "", steps [], passes/in_progress false, no dependencies;
  - all entries are imported in one transaction, or none are;
  - afterwards the file is renamed to feature_list.json.backup.<YYYYMMDD_HHMMSS> (local time).
features.db is created (in .autoforge/) if missing, and upgraded to the current schema first
(with a backup, like \`forgedb migrate\`).

On PostgreSQL the list is --file FILE, and the project NAME is created when it does not exist
(import-json and copy are the only commands that create one); the schema must be current
(\`forgedb migrate --database-url URL\`). The same rules apply: only into a project without
features, all or none, and FILE is renamed to its backup name afterwards. A failed import
leaves no project behind that it created.

  --json   one JSON document: { ok, projectDir, database, upgrade, imported, skipped?, source?,
           backupFile?, warning? }; skipped is "no_feature_list" or "database_not_empty";
           on PostgreSQL { ok, database, schema, project, created, imported, skipped?, source?,
           backupFile?, warning? } (database is host:port/name, created says whether the
           project was made)

Exit codes: 0 imported or skipped, 1 failed (invalid JSON, not an array, a bad entry, duplicate
ids...: nothing was imported and feature_list.json was left in place), 2 usage error.`,
  options: { ...jsonOption, ...pgOptions, project: { type: 'string' }, file: { type: 'string' } },
  async run({ values, io }) {
    const pg = resolvePgTarget(values, 'import-json', { projectRequired: true });
    if (pg) {
      const { importIntoPg } = await import('../pg-import.js');
      return importIntoPg(pg, values.file, values.json === true, io);
    }
    if (values.file !== undefined)
      throw new UsageError(
        "--file names the list on PostgreSQL only; with --project DIR the list is DIR's feature_list.json.",
        'import-json',
      );
    const projectDir = requireProject(values, 'import-json');
    if (!findProjectFile(projectDir, FEATURE_LIST_FILE)) {
      const result = { ok: true, projectDir, imported: 0, skipped: 'no_feature_list' };
      if (values.json) printJson(io, result);
      else
        io.out(
          `No ${FEATURE_LIST_FILE} in ${displayPath(projectDir)} (looked in .autoforge/, .autocoder/ and the directory itself); nothing to import.\n`,
        );
      return EXIT_OK;
    }
    const { database, upgrade, result } = importProjectFeatureList(projectDir, io);
    if (values.json) {
      printJson(io, { ok: true, projectDir, database, upgrade, ...result });
      return EXIT_OK;
    }
    const lines: string[] = [];
    if (upgrade.changed) {
      lines.push(
        `Upgraded ${displayPath(database)} first${upgrade.backup ? ` (backup: ${displayPath(upgrade.backup)})` : ''}.`,
      );
    }
    if (result.skipped === 'database_not_empty') {
      lines.push(
        `${displayPath(database)} already holds features; ${displayPath(result.source ?? FEATURE_LIST_FILE)} was not imported and was left in place.`,
      );
    } else {
      lines.push(
        `Imported ${result.imported} feature(s) from ${displayPath(result.source ?? '')} into ${displayPath(database)}.`,
      );
      if (result.backupFile) lines.push(`Renamed the list to ${displayPath(result.backupFile)}.`);
    }
    io.out(`${lines.join('\n')}\n`);
    if (result.warning) io.err(`warning: ${result.warning}\n`);
    return EXIT_OK;
  },
});
