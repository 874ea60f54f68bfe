import process from 'node:process';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';

// Upgrades one features.db as `forgedb migrate` does (backup first), until done or SIGKILLed.
/** @type {{ file: string }} */
const args = JSON.parse(process.argv[2] ?? '{}');
const { file } = args;
const db = openDatabase({ file });
process.stdout.write('ready\n');
const result = upgradeDatabase(db, 'features', {
  onProgress: (p) => process.stdout.write(`${JSON.stringify({ progress: p })}\n`),
});
db.close();
process.stdout.write(`${JSON.stringify({ done: result.changed })}\n`);
