import process from 'node:process';
import { restoreBackup } from '@forgedb/migrate/sqlite';

// Restores a backup over a features.db as `forgedb restore` does, until done or SIGKILLed.
/** @type {{ from: string, file: string }} */
const args = JSON.parse(process.argv[2] ?? '{}');
const { from, file } = args;
process.stdout.write('ready\n');
const result = await restoreBackup(from, file);
process.stdout.write(`${JSON.stringify({ done: true, previous: result.previous })}\n`);
