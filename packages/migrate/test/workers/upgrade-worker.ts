import { openDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '../../src/sqlite/index.js';

// Waits for a common start time so that every process reaches the upgrade together.
const [file, startAt] = process.argv.slice(2);
const wait = Number(startAt ?? 0) - Date.now();
if (wait > 0) await new Promise((r) => setTimeout(r, wait));
const db = openDatabase({ file: file! });
const result = upgradeDatabase(db, 'features');
db.close();
process.stdout.write(
  JSON.stringify({
    changed: result.changed,
    applied: result.applied,
    adopted: result.adopted,
    backup: result.backup,
  }),
);
