import Database from 'better-sqlite3';
import { say } from './stdin.js';

// Rewrites every row of table t in one rollback-journal transaction with a tiny page cache, so
// changed pages spill into the database file before COMMIT, then waits to be SIGKILLed: what is
// left is a hot journal (the only copy of the original pages) and a half-written database file.
const [file] = process.argv.slice(2);
const db = new Database(file);
db.pragma('journal_mode = DELETE');
db.pragma('cache_size = 10');
db.exec('BEGIN IMMEDIATE');
db.prepare("UPDATE t SET v = 'uncommitted ' || v").run();
say({ inTransaction: true });
setInterval(() => undefined, 1000);
