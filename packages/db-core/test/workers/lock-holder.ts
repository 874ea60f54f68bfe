import { openDatabase } from '../../src/sqlite/index.js';
import { say, stopListening, waitFor } from './stdin.js';

// Holds the write lock across event-loop turns, which writeTransaction (synchronous) never does.
const [file, value] = process.argv.slice(2);
const db = openDatabase({ file: file! });
db.exec('BEGIN IMMEDIATE');
db.prepare('UPDATE counter SET n = ? WHERE id = 1').run(Number(value));
say({ locked: true });
await waitFor('commit');
stopListening();
db.exec('COMMIT');
db.close();
say({ committed: true });
