import type { UpgradeResult } from '@forgedb/migrate';
import { defineCommand, jsonOption, targetOptions } from '../command.js';
import { CommandError, EXIT_OK, UsageError, describeError } from '../errors.js';
import { displayPath, indent } from '../format.js';
import { printJson } from '../io.js';
import { pgOptions, resolvePgTarget } from '../pg-target.js';
import { resolveTargets } from '../targets.js';
import { upgradeFile } from '../upgrade-file.js';

function describePlan(r: UpgradeResult): string[] {
  const lines: string[] = [];
  for (const g of r.plan.guards) {
    lines.push(`  guard ${g.description}`);
    for (const s of g.sql) lines.push(indent(s, '      '));
  }
  if (r.plan.adoptBaseline)
    lines.push(
      `  adopt ${r.plan.adoptBaseline} (recorded as applied: the guards bring the file to that shape)`,
    );
  for (const m of r.plan.migrations) {
    lines.push(`  migration ${m.tag}`);
    lines.push(indent(m.sql.trim(), '      '));
  }
  return lines;
}

function describeResult(r: UpgradeResult): string {
  const head = `${r.kind}.db  ${displayPath(r.file)}  (was: ${r.shapeBefore})`;
  if (r.dryRun) {
    const plan = describePlan(r);
    return [head, ...(plan.length ? ['  would run:', ...plan] : ['  already current; nothing to do'])].join(
      '\n',
    );
  }
  if (!r.changed) return `${head}\n  already current; nothing to do`;
  const lines = [head];
  if (r.backup) lines.push(`  backup    ${displayPath(r.backup)}`);
  if (r.guardsApplied.length)
    lines.push(
      `  guards    ${r.guardsApplied.length} applied`,
      ...r.plan.guards.map((g) => `            - ${g.description}`),
    );
  if (r.adopted) lines.push(`  adopted   ${r.adopted}`);
  if (r.applied.length) lines.push(`  applied   ${r.applied.join(', ')}`);
  return lines.join('\n');
}

export default defineCommand({
  name: 'migrate',
  summary: "upgrade a project's features.db and assistant.db (or one --db file) to the current schema",
  help: `Usage: forgedb migrate (--project DIR | --db FILE) [--dry-run] [--json] [--kind features|assistant]
       forgedb migrate --database-url URL [--schema S] [--to TAG|base] [--dry-run] [--json]

Brings every database of a project (or one file) to the current schema: column-upgrade guards,
adoption of files made by the Python app, then pending migrations, all in one transaction per
file. Before an existing, non-empty file is changed, a backup is written next to it
(<file>.backup-<timestamp>-<pid>, ending in -pre-forgedb when forgedb never changed the
file before), unless the newest backup already holds the same content. After a successful
upgrade the newest 5 backups (including those of \`forgedb backup\` and restore) and the
first -pre-forgedb one are kept; a failed upgrade removes the backup it wrote. Only a
successful upgrade switches the file to WAL (on a local disk). A file that needs nothing
gets no backup. A migration that would add a column the file already has (a user-added
claimed_by, say) is refused before anything is changed.

  --project DIR   the project directory; its features.db and assistant.db are found in
                  .autoforge/, .autocoder/ or the directory itself. Files that do not exist
                  yet are skipped (the app creates them on first use).
  --db FILE       one database file; its kind is read from its tables or name
  --kind KIND     with --db: say which database it is; with --project: only that one. A
                  --kind the file's tables contradict is a usage error (exit 2)
  --dry-run       print the plan (guards, adoption, migration SQL) and change nothing (a
                  crashed writer's hot journal is rolled back first, like status does)
  --json          print one JSON document: { ok, dryRun, projectDir, databases: [...],
                  missing: [{ kind, file }] } (projectDir is null with --db)

On PostgreSQL (--database-url, default FORGEDB_DATABASE_URL) the schema S (default forgedb)
is migrated for every project at once, each migration in its own transaction behind an
advisory lock, so concurrent migrators wait and then find nothing to do; the history records
who applied what. --to TAG moves each stream up or down to TAG, --to base runs every down
migration (no forgedb table is left but the history); --dry-run prints the SQL and every
step that drops data. --json: { ok, target, schema, dryRun, steps, ran, history }.

Exit codes: 0 upgraded or already current, 1 failed (files not listed as upgraded were left
unchanged), 2 usage error.`,
  options: {
    ...targetOptions,
    ...pgOptions,
    ...jsonOption,
    'dry-run': { type: 'boolean' },
    to: { type: 'string' },
  },
  async run({ values, io }) {
    const dryRun = values['dry-run'] === true;
    const pg = resolvePgTarget(values, 'migrate');
    if (pg) {
      if (pg.project !== undefined)
        throw new UsageError('migrate on PostgreSQL is database-wide: leave out --project-name.', 'migrate');
      const { migratePg, pgMigrationTargets } = await import('@forgedb/migrate/pg');
      const known = pgMigrationTargets();
      if (values.to !== undefined && !known.includes(values.to))
        throw new UsageError(
          `--to ${values.to}: no such migration. Use one of: ${known.join(', ')}.`,
          'migrate',
        );
      const { describePgMigrate } = await import('../pg-schema-output.js');
      const result = await migratePg({ database: pg.url, schema: pg.schema, to: values.to, dryRun });
      if (values.json) printJson(io, { ok: true, ...result });
      else io.out(`${describePgMigrate(result)}\n`);
      return EXIT_OK;
    }
    if (values.to !== undefined)
      throw new UsageError(
        '--to TAG|base is for PostgreSQL (--database-url); SQLite files only move up.',
        'migrate',
      );
    const { projectDir, databases } = resolveTargets(values, 'migrate');
    const present = databases.filter((d) => d.exists);
    const missing = databases.filter((d) => !d.exists);
    const results: UpgradeResult[] = [];
    for (const target of present) {
      try {
        results.push(upgradeFile(target, io, { dryRun }));
      } catch (error) {
        const { code, message } = describeError(error);
        const done = results.filter((r) => r.changed).map((r) => `${r.kind}.db was upgraded`);
        throw new CommandError(
          `${target.kind}.db (${target.file}): ${message}` +
            (done.length ? ` (${done.join('; ')}; it stays upgraded.)` : ''),
          code,
        );
      }
    }
    if (values.json) {
      printJson(io, {
        ok: true,
        dryRun,
        projectDir,
        databases: results,
        missing: missing.map(({ kind, file }) => ({ kind, file })),
      });
      return EXIT_OK;
    }
    const blocks = results.map(describeResult);
    // A new project has no files yet: nothing to do is not a failure, and nothing is created.
    if (present.length === 0)
      blocks.push(
        `No database files in ${displayPath(projectDir ?? '')} yet; nothing to migrate, nothing was created.`,
      );
    for (const m of missing)
      blocks.push(`${m.kind}.db  not present (would be created at ${displayPath(m.file)} on first use)`);
    io.out(`${dryRun ? 'Dry run: nothing was changed.\n\n' : ''}${blocks.join('\n\n')}\n`);
    return EXIT_OK;
  },
});
