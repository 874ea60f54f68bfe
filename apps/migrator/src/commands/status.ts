import { statSync } from 'node:fs';
import { inspectDatabase, listBackups } from '@forgedb/migrate/sqlite';
import type { StatusReport } from '@forgedb/migrate';
import { defineCommand, jsonOption, targetOptions } from '../command.js';
import { EXIT_OK } from '../errors.js';
import { displayPath, formatBytes } from '../format.js';
import { printJson, type Io } from '../io.js';
import { pgOptions, resolvePgTarget, type PgTarget } from '../pg-target.js';
import { openForReading, resolveTargets } from '../targets.js';

type DatabaseStatus = StatusReport & {
  exists: true;
  bytes: number;
  rows: Record<string, number>;
  backups: string[];
};

function rowCounts(db: ReturnType<typeof openForReading>): Record<string, number> {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [
      t,
      db
        .prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`)
        .pluck()
        .get() as number,
    ]),
  );
}

function describe(s: DatabaseStatus): string {
  const lines = [
    `${s.kind}.db  ${displayPath(s.file)}`,
    `  size        ${formatBytes(s.bytes)}`,
    `  journal     ${s.journalMode}`,
    `  shape       ${s.shape}`,
    `  rows        ${
      Object.entries(s.rows)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ') || 'no tables'
    }`,
    `  applied     ${s.applied.length ? s.applied.map((a) => `${a.tag} (${a.method} ${a.appliedAt})`).join(', ') : 'none'}`,
    `  pending     ${s.pending.length ? s.pending.join(', ') : 'none'}`,
  ];
  if (s.guardsNeeded.length)
    lines.push(
      `  guards      ${s.guardsNeeded.length} needed:`,
      ...s.guardsNeeded.map((g) => `              - ${g}`),
    );
  if (s.unknownApplied.length) {
    const compatibility = (t: string) =>
      s.unknownIncompatible.includes(t) ? 'NOT backward compatible: upgrade forgedb' : 'backward compatible';
    lines.push(
      `  newer       applied by a newer forgedb: ${s.unknownApplied.map((t) => `${t} (${compatibility(t)})`).join(', ')}`,
    );
  }
  if (s.changedFiles.length)
    lines.push(`  CHANGED     applied migration files changed: ${s.changedFiles.join(', ')}`);
  lines.push(`  backups     ${s.backups.length ? s.backups.map(displayPath).join(', ') : 'none'}`);
  if (s.pending.length || s.guardsNeeded.length) lines.push('  -> run `forgedb migrate` to upgrade');
  return lines.join('\n');
}

/** Database-wide on PostgreSQL: the schema's migrations and its projects (--project-name narrows to one). */
async function statusOnServer(target: PgTarget, json: boolean, io: Io): Promise<number> {
  const { pgStatus } = await import('@forgedb/migrate/pg');
  const { describePgStatus } = await import('../pg-schema-output.js');
  const status = await pgStatus({ database: target.url, schema: target.schema, project: target.project });
  if (json) printJson(io, { ok: true, ...status });
  else io.out(`${describePgStatus(status)}\n`);
  return EXIT_OK;
}

export default defineCommand({
  name: 'status',
  summary: 'show resolved files, journal mode, detected shape, applied and pending migrations',
  help: `Usage: forgedb status (--project DIR | --db FILE) [--json] [--kind features|assistant]
       forgedb status --database-url URL [--schema S] [--project-name NAME] [--json]

Read-only: opens each database without writing (a hot journal left by a writer that crashed
mid-transaction is rolled back first, restoring its last committed content; see
docs/cli.md) and reports its path (resolved in .autoforge/,
.autocoder/, then the project directory), size, journal mode, detected shape (empty, legacy,
baseline, current, newer), row counts, applied and pending migrations, guards an upgrade would
run, and the backups next to it. A project's missing files are listed with the path where the
app would create them; nothing is created.

  --json   one JSON document: { ok, projectDir, databases: [...], missing: [{ kind, file }] }

On PostgreSQL (--database-url, default FORGEDB_DATABASE_URL) status is database-wide: each
migration stream's applied (when, by whom) and pending migrations, and every project with its
feature counts; --project-name shows only that project (an unknown name is refused).
--json: { ok, database, schema, streams: [{ kind, applied, pending, unknownApplied,
changedFiles }], projects: [{ name, features, passing, inProgress }] | null }.

Exit codes: 0 reported, 1 a file could not be read (e.g. not SQLite), 2 usage error.`,
  options: { ...targetOptions, ...pgOptions, ...jsonOption },
  async run({ values, io }) {
    const pg = resolvePgTarget(values, 'status');
    if (pg) return statusOnServer(pg, values.json === true, io);
    const { projectDir, databases } = resolveTargets(values, 'status');
    const statuses: DatabaseStatus[] = [];
    for (const target of databases.filter((d) => d.exists)) {
      const db = openForReading(target.file);
      try {
        statuses.push({
          ...inspectDatabase(db, target.kind),
          exists: true,
          bytes: statSync(target.file).size,
          rows: rowCounts(db),
          backups: listBackups(target.file),
        });
      } finally {
        db.close();
      }
    }
    const missing = databases.filter((d) => !d.exists).map(({ kind, file }) => ({ kind, file }));
    if (values.json) {
      printJson(io, { ok: true, projectDir, databases: statuses, missing });
      return EXIT_OK;
    }
    const blocks = statuses.map(describe);
    for (const m of missing) blocks.push(`${m.kind}.db  not created yet (would be ${displayPath(m.file)})`);
    io.out(`${projectDir ? `Project ${displayPath(projectDir)}\n\n` : ''}${blocks.join('\n\n')}\n`);
    return EXIT_OK;
  },
});
