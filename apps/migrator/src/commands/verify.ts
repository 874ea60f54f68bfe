import { verifyDatabase } from '@forgedb/migrate/sqlite';
import type { VerifyReport } from '@forgedb/migrate';
import { defineCommand, jsonOption, targetOptions } from '../command.js';
import { CommandError, EXIT_FAILED, EXIT_OK } from '../errors.js';
import { displayPath } from '../format.js';
import { printJson, type Io } from '../io.js';
import { pgOptions, resolvePgTarget, type PgTarget } from '../pg-target.js';
import { openForReading, resolveTargets } from '../targets.js';

function describe(r: VerifyReport): string {
  const lines = [`${r.kind}.db  ${displayPath(r.file)}: ${r.ok ? 'OK' : 'PROBLEMS FOUND'}`];
  for (const c of r.checks) {
    lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}`);
    for (const p of c.problems) lines.push(`          - ${p}`);
    for (const n of c.notes) lines.push(`          note: ${n}`);
  }
  return lines.join('\n');
}

/** A failed verify is a failed run: its document carries an `error` like every other failure's. */
function failure(reports: VerifyReport[]): { code: string; message: string } {
  const failed = reports
    .filter((r) => !r.ok)
    .map(
      (r) =>
        `${r.kind}.db (${r.file}): ${r.checks
          .filter((c) => !c.ok)
          .map((c) => c.name)
          .join(', ')}`,
    );
  return {
    code: 'VERIFY_FAILED',
    message: `Problems found in ${failed.join('; ')}; see databases[].checks.`,
  };
}

/** Database-wide on PostgreSQL: the migration history and every project's (or --project-name's) state. */
async function verifyOnServer(target: PgTarget, json: boolean, io: Io): Promise<number> {
  const { verifyPg } = await import('@forgedb/migrate/pg');
  const { describePgVerify } = await import('../pg-schema-output.js');
  const report = await verifyPg({ database: target.url, schema: target.schema, project: target.project });
  const failed = report.checks.filter((c) => !c.ok).map((c) => c.name);
  if (json)
    printJson(
      io,
      report.ok
        ? { ...report, ok: true }
        : {
            ...report,
            ok: false,
            error: { code: 'VERIFY_FAILED', message: `Problems found: ${failed.join(', ')}; see checks.` },
          },
    );
  else
    io.out(
      `${describePgVerify(report)}\n\n${report.ok ? 'All checks passed.' : 'Problems found; see FAIL lines above.'}\n`,
    );
  return report.ok ? EXIT_OK : EXIT_FAILED;
}

export default defineCommand({
  name: 'verify',
  summary: 'check integrity, foreign keys, stored values, the feature graph and schema drift',
  help: `Usage: forgedb verify (--project DIR | --db FILE) [--json] [--kind features|assistant]
       forgedb verify --database-url URL [--schema S] [--project-name NAME] [--json]

Read-only health check of each database: PRAGMA integrity_check and foreign_key_check,
malformed JSON cells, NULL booleans, NOT NULL columns without a default that block INSERTs,
text that is not valid UTF-8, orphan schedule overrides, feature ids that are not positive or
beyond 2^53, non-integer priorities, self-dependencies and dependency cycles, schema drift
against the expected shape (indexes compared by their columns; tolerated legacy differences are
listed as notes), the triggers and tables the applied migrations created (e.g. the lease
trigger; forgedb migrate repairs them), and migration state (migrations of a newer forgedb
marked backward compatible are notes).

  --json   one JSON document: { ok, projectDir, databases: [{ kind, file, ok, checks: [{ name, ok,
           problems, notes }] }] }; when a check fails, ok is false and error is
           { code: "VERIFY_FAILED", message } naming the failed checks

On PostgreSQL (--database-url, default FORGEDB_DATABASE_URL) verify is database-wide: the
migration history against this version's migrations (pending, edited, newer), and for every
project (or only --project-name's) its lease state, claim generations and feature ids; the
server vouches for integrity and foreign keys itself. --json: { ok, database, schema, checks: [...] } (and error
when ok is false).

Exit codes: 0 everything is fine, 1 a problem was found (the report says which) or a file
could not be read, 2 usage error. No data is ever written: a hot journal left by a writer that
crashed mid-transaction is rolled back first, which restores its last committed content.`,
  options: { ...targetOptions, ...pgOptions, ...jsonOption },
  async run({ values, io }) {
    const pg = resolvePgTarget(values, 'verify');
    if (pg) return verifyOnServer(pg, values.json === true, io);
    const { projectDir, databases } = resolveTargets(values, 'verify');
    const present = databases.filter((d) => d.exists);
    if (present.length === 0) {
      throw new CommandError(
        `No features.db or assistant.db found in ${projectDir ?? ''}; nothing to verify.`,
        'NOT_FOUND',
      );
    }
    const reports = present.map((target) => {
      const db = openForReading(target.file);
      try {
        return verifyDatabase(db, target.kind);
      } finally {
        db.close();
      }
    });
    const ok = reports.every((r) => r.ok);
    if (values.json)
      printJson(
        io,
        ok
          ? { ok, projectDir, databases: reports }
          : { ok, error: failure(reports), projectDir, databases: reports },
      );
    else
      io.out(
        `${reports.map(describe).join('\n\n')}\n\n${ok ? 'All checks passed.' : 'Problems found; see FAIL lines above.'}\n`,
      );
    return ok ? EXIT_OK : EXIT_FAILED;
  },
});
