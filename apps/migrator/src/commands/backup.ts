import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { makeDirectories } from '@forgedb/db-core/sqlite';
import { backupDatabase, defaultBackupPath, type BackupResult } from '@forgedb/migrate/sqlite';
import { defineCommand, jsonOption, targetOptions } from '../command.js';
import { CommandError, EXIT_OK, describeError } from '../errors.js';
import { displayPath, formatBytes } from '../format.js';
import { refuseOnPg, pgOptions } from '../pg-target.js';
import { printJson } from '../io.js';
import { openForReading, resolveTargets } from '../targets.js';

export default defineCommand({
  name: 'backup',
  summary: 'write a consistent online copy of each database (other processes keep writing)',
  help: `Usage: forgedb backup (--project DIR | --db FILE) [--out PATH] [--json] [--kind features|assistant]

Writes a consistent copy of each database with VACUUM INTO, inside one read transaction, so
agents writing to the file carry on. The copy is written under a temporary name and renamed,
so an interrupted backup never leaves a file that looks complete. The source is opened
read-only and its data never changed (a hot journal left by a writer that crashed
mid-transaction is rolled back first, restoring its last committed content).

  --out PATH   with --db: the backup file to write (must not exist).
               with --project: a directory to write the backups into (created if needed).
               Default: next to each database, <file>.backup-<timestamp>-<pid>
               (ending in -pre-forgedb when forgedb never changed the file).
  --json       one JSON document: { ok, backups: [{ kind, source, file, bytes }] }

Restore a backup with \`forgedb restore --db FILE --from BACKUP\`.
Exit codes: 0 written, 1 failed (no partial backup file is left), 2 usage error.`,
  options: { ...pgOptions, ...targetOptions, ...jsonOption, out: { type: 'string' } },
  run({ values, io }) {
    refuseOnPg(values, 'backup');
    const { projectDir, databases } = resolveTargets(values, 'backup');
    const present = databases.filter((d) => d.exists);
    if (present.length === 0)
      throw new CommandError(
        `No features.db or assistant.db found in ${projectDir ?? ''}; nothing was backed up.`,
        'NOT_FOUND',
      );
    let outDir: string | null = null;
    if (values.out && projectDir) {
      outDir = path.resolve(values.out);
      if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
        throw new CommandError(
          `With --project, --out names a directory for the backups; ${outDir} is a file. Nothing was written.`,
          'VALIDATION',
        );
      }
      makeDirectories(outDir);
    }
    const backups: (BackupResult & { kind: string; source: string })[] = [];
    for (const target of present) {
      const out = outDir
        ? path.join(outDir, path.basename(defaultBackupPath(target.file)))
        : values.out
          ? path.resolve(values.out)
          : undefined;
      if (io.interactive) io.err(`Backing up ${displayPath(target.file)}...\r`);
      const db = openForReading(target.file);
      try {
        backups.push({ kind: target.kind, source: target.file, ...backupDatabase(db, out) });
      } catch (error) {
        const { code, message } = describeError(error);
        const done = backups.map((b) => `${b.kind}.db -> ${b.file}`).join(', ');
        throw new CommandError(
          `backup of ${target.file} failed: ${message}${done ? ` (already written: ${done})` : ''}`,
          code,
        );
      } finally {
        db.close();
        if (io.interactive) io.err('\x1b[K');
      }
    }
    if (values.json) printJson(io, { ok: true, backups });
    else
      io.out(
        `${backups.map((b) => `${b.kind}.db  ${displayPath(b.source)}\n  -> ${displayPath(b.file)} (${formatBytes(b.bytes)})`).join('\n')}\n`,
      );
    return EXIT_OK;
  },
});
