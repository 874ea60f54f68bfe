import Database from 'better-sqlite3';
import process from 'node:process';
import { setInterval } from 'node:timers';

// Rewrites every feature's description in one rollback-journal transaction with a tiny page
// cache, so changed pages spill into the database file before COMMIT, prints `ready`, then waits
// to be SIGKILLed: what is left is a hot journal and a half-written database file.
const file = process.argv[2];
const db = new Database(file);
db.pragma('journal_mode = DELETE');
db.pragma('cache_size = 10');
db.exec('BEGIN IMMEDIATE');
db.prepare("UPDATE features SET description = 'uncommitted ' || description").run();
process.stdout.write('ready\n');
setInterval(() => undefined, 1000);
