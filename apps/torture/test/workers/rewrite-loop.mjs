import process from 'node:process';
import { openDatabase } from '@forgedb/db-core/sqlite';

// Rewrites every feature's description in one transaction after another, in rollback-journal
// mode with a small page cache (so changed pages reach the database file before COMMIT), until
// SIGKILLed: a kill inside a transaction leaves a hot journal.
/** @type {{ file: string }} */
const args = JSON.parse(process.argv[2] ?? '{}');
const db = openDatabase({ file: args.file }, { journalMode: 'DELETE' });
db.pragma('cache_size = 20');
const rewrite = db.prepare("UPDATE features SET description = ? || ' ' || id");
process.stdout.write('ready\n');
for (let n = 1; ; n++) {
  db.transaction(() => rewrite.run(`rewrite ${n}`))();
  process.stdout.write(`${JSON.stringify({ committed: n })}\n`);
}
