import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { restoreBackup } from '@forgedb/migrate';
import { defineCommand, jsonOption } from '../command.js';
import { CommandError, EXIT_OK, UsageError } from '../errors.js';
import { displayPath } from '../format.js';
import { printJson } from '../io.js';
import { assertWritable, checkDatabaseFile, inferKind } from '../targets.js';

export default defineCommand({
  name: 'restore',
  summary: 'put a backup back in place of a database (the current content is backed up first)',
  help: `Usage: forgedb restore --db FILE --from BACKUP [--json]

Copies BACKUP over FILE through SQLite's backup API, which takes FILE's locks like any writer:
processes that still have FILE open see the restored content instead of a file swapped under
them. The backup must pass integrity_check. FILE's current content is first saved as
<FILE>.backup-<timestamp>-before-restore, so a restore never loses data. Stop the agents
using FILE first if you can; a writer holding the lock makes the restore wait, then fail.

  --db FILE       the database to restore into (need not exist; its directory must)
  --from BACKUP   a backup made by \`forgedb backup\` or \`forgedb migrate\`
                  (list them with \`forgedb status\`)
  --json          one JSON document: { ok, restored, from, previous }

Exit codes: 0 restored, 1 failed (FILE unchanged), 2 usage error.`,
  options: { ...jsonOption, db: { type: 'string' }, from: { type: 'string' } },
  async run({ values, io }) {
    if (!values.db) throw new UsageError('--db FILE is required (the database to restore into).', 'restore');
    if (!values.from) throw new UsageError('--from BACKUP is required.', 'restore');
    const target = path.resolve(values.db);
    const from = path.resolve(values.from);
    checkDatabaseFile(from);
    if (!existsSync(path.dirname(target))) {
      throw new CommandError(`The directory of ${target} does not exist; nothing was restored.`, 'NOT_FOUND');
    }
    if (existsSync(target)) {
      checkDatabaseFile(target);
      assertWritable(target);
      const [want, have] = [inferKind(target), inferKind(from)];
      if (want && have && want !== have && statSync(target).size > 0) {
        throw new CommandError(
          `${from} holds ${have}.db tables but ${target} holds ${want}.db tables; nothing was restored.`,
          'VALIDATION',
        );
      }
    }
    const result = await restoreBackup(from, target);
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
