import path from 'node:path';
import { copyProject, type CopyLocation } from '@forgedb/store/copy';
import { defineCommand, jsonOption } from '../command.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { displayPath } from '../format.js';
import { printJson, type Io } from '../io.js';
import { progressBar } from '../progress.js';

const isUrl = (target: string) => /^postgres(?:ql)?:\/\//i.test(target);
const TABLE_COUNT = 5;

function reporter(io: Io) {
  const bar = progressBar(io, 'copy');
  let tablesDone = 0;
  let current = '';
  return {
    bar,
    onProgress: (table: string, rows: number) => {
      if (table !== current) {
        if (current) tablesDone++;
        current = table;
      }
      bar.update(tablesDone, TABLE_COUNT, `${table}: ${rows} row(s)`);
    },
  };
}

export default defineCommand({
  name: 'copy',
  summary: 'copy a project between SQLite and PostgreSQL, losslessly, and verify both sides',
  help: `Usage: forgedb copy --from DIR|URL --to DIR|URL [--project-name NAME] [--to-project-name NAME]
                   [--replace] [--json]

Copies a project's features (with their claims, leases and generations), schedules, overrides,
conversations and messages between a SQLite project directory and a PostgreSQL database, in
batches (bounded memory), then reads both sides back and compares them row by row, every stored
value (storage class and value), and says so. Every stored cell is kept: malformed JSON, BLOBs,
dependency text as stored, DATETIME text to the microsecond, leftover and user columns (in each
PostgreSQL row's extra, restored as columns on the way back). See docs/postgres.md#forgedb-copy.

  --from DIR|URL          the source: a project directory (read as stored, never upgraded) or a
                          postgres:// URL (then --project-name names the project)
  --to DIR|URL            the target: a project directory (fresh features.db and assistant.db,
                          migrated to the current schema) or a postgres:// URL (the project is
                          created when missing)
  --project-name NAME     the PostgreSQL project (default for DIR -> URL: DIR's base name)
  --to-project-name NAME  the target project of a URL -> URL copy (required there)
  --replace               replace a target that holds data; without it such a target is refused
  --json                  one JSON document: { ok, from, to, project, counts, verified }

A copy into PostgreSQL is one transaction: refused (nothing written) when an integer is beyond
9007199254740991 (each named) or the target project holds data without --replace. The progress
bar is drawn on stderr only when it is a terminal.

Exit codes: 0 copied and verified, 1 failed (see the message for what was changed), 2 usage error.`,
  options: {
    ...jsonOption,
    from: { type: 'string' },
    to: { type: 'string' },
    'project-name': { type: 'string' },
    'to-project-name': { type: 'string' },
    replace: { type: 'boolean' },
  },
  async run({ values, io }) {
    const { from, to } = values;
    if (!from || !to) throw new UsageError('copy needs --from DIR|URL and --to DIR|URL.');
    if (!isUrl(from) && !isUrl(to)) {
      throw new UsageError(
        'copy moves a project between SQLite and PostgreSQL; one of --from and --to must be a postgres:// URL.',
      );
    }
    if (isUrl(from) && isUrl(to) && !values['to-project-name']) {
      throw new UsageError('copy from one URL to another needs --to-project-name NAME (the target project).');
    }
    if (isUrl(from) && !values['project-name'])
      throw new UsageError('copy --from URL needs --project-name NAME (the project to copy).');
    const project = isUrl(to)
      ? (values['to-project-name'] ?? values['project-name'] ?? path.basename(path.resolve(from)))
      : values['project-name']!;
    const location = (where: string, name: string): CopyLocation =>
      isUrl(where) ? { url: where, project: name } : { projectDir: path.resolve(where) };
    const label = (where: string, given: string) => (isUrl(where) ? given : displayPath(given));
    const { bar, onProgress } = reporter(io);
    try {
      const result = await copyProject({
        from: location(from, values['project-name'] ?? ''),
        to: location(to, project),
        replace: values.replace,
        onProgress,
      });
      bar.stop();
      const counts = result.counts;
      const fromLabel = label(from, result.from);
      const toLabel = label(to, result.to);
      const byTable = Object.fromEntries(counts.map((c) => [c.table, c.rows]));
      if (values.json) {
        printJson(io, {
          ok: true,
          from: fromLabel,
          to: toLabel,
          project,
          counts: byTable,
          verified: true,
        });
      } else {
        const total = counts.reduce((n, c) => n + c.rows, 0);
        io.out(
          `Copied ${total} row(s) from ${fromLabel} to ${toLabel} ` +
            `(${counts.map((c) => `${c.table} ${c.rows}`).join(', ')}); verified: both sides hold the same values.\n`,
        );
      }
      return EXIT_OK;
    } finally {
      bar.stop();
    }
  },
});
