import { existsSync } from 'node:fs';
import path from 'node:path';
import { restoreBackup } from '@forgedb/migrate/sqlite';
import { defineCommand, jsonOption } from '../command.js';
import { CommandError, EXIT_OK, UsageError } from '../errors.js';
import { displayPath } from '../format.js';
import { refuseOnPg, pgOptions } from '../pg-target.js';
import { printJson } from '../io.js';
import { assertWritable, checkDatabaseFile, inferKind, kindFromName } from '../targets.js';

const DEFAULT_WAIT_SECONDS = 30;

function parseWait(value: string | undefined): number {
  if (value === undefined) return DEFAULT_WAIT_SECONDS;
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 86_400)
    throw new UsageError(`--wait must be a number of seconds from 0 to 86400, got "${value}".`, 'restore');
  return seconds;
}

export default defineCommand({
  name: 'restore',
  summary: 'put a backup back in place of a database (the current content is backed up first)',
  help: `Usage: forgedb restore --db FILE --from BACKUP [--wait SECONDS] [--json]

Puts BACKUP's content in place of FILE's, in one write transaction on FILE itself: it waits for
FILE's write lock like any writer, saves FILE's current content as
<FILE>.backup-<timestamp>-before-restore, replaces every table, index, view and trigger with
the backup's, checks that FILE now holds exactly the backup's content, and commits. Processes
that still have FILE open see the restored content instead of a file swapped under them; a
crash leaves the old content or the new, never a mix. Stop the agents using FILE first if you
can.

Refused before FILE is changed: a BACKUP that is empty, not SQLite, fails integrity_check, or
is not an AutoForge database of FILE's kind (a features.db backup is not restored over an
assistant.db; FILE's kind comes from its tables, else from its name).

  --db FILE        the database to restore into (need not exist; its directory must)
  --from BACKUP    a backup made by \`forgedb backup\` or \`forgedb migrate\`
                   (list them with \`forgedb status\`)
  --wait SECONDS   how long to wait for another process's write lock (default ${DEFAULT_WAIT_SECONDS});
                   then it fails with BUSY and FILE is unchanged
  --json           one JSON document: { ok, restored, from, previous }

Exit codes: 0 restored, 1 failed (FILE unchanged), 2 usage error.`,
  options: {
    ...pgOptions,
    ...jsonOption,
    db: { type: 'string' },
    from: { type: 'string' },
    wait: { type: 'string' },
  },
  async run({ values, io }) {
    refuseOnPg(values, 'restore');
    if (!values.db) throw new UsageError('--db FILE is required (the database to restore into).', 'restore');
    if (!values.from) throw new UsageError('--from BACKUP is required.', 'restore');
    const wait = parseWait(values.wait);
    const target = path.resolve(values.db);
    const from = path.resolve(values.from);
    checkDatabaseFile(from);
    if (!existsSync(path.dirname(target))) {
      throw new CommandError(`The directory of ${target} does not exist; nothing was restored.`, 'NOT_FOUND');
    }
    if (existsSync(target)) {
      checkDatabaseFile(target);
      assertWritable(target);
    }
    const kind = existsSync(target) ? inferKind(target) : kindFromName(target);
    const result = await restoreBackup(from, target, { kind: kind ?? undefined, busyTimeoutMs: wait * 1000 });
    if (values.json) printJson(io, { ok: true, restored: result.restored, from, previous: result.previous });
    else {
      io.out(
        `Restored ${displayPath(result.restored)} from ${displayPath(from)}.\n` +
          (result.previous ? `Its previous content was saved as ${displayPath(result.previous)}.\n` : ''),
      );
    }
    return EXIT_OK;
  },
});
