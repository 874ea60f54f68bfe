import process from 'node:process';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { importFeatureList } from '@forgedb/store';

// Imports a project's feature_list.json, reporting progress, until done or SIGKILLed.
/** @type {{ project: string, file: string }} */
const args = JSON.parse(process.argv[2] ?? '{}');
const { project, file } = args;
const db = openDatabase({ file });
process.stdout.write('ready\n');
const result = importFeatureList(db, project, {
  onProgress: ({ imported }) => process.stdout.write(`${JSON.stringify({ imported })}\n`),
});
db.close();
process.stdout.write(`${JSON.stringify({ done: result.imported })}\n`);
