import Database from 'better-sqlite3';
import process from 'node:process';
import { setTimeout } from 'node:timers/promises';

// Another process using a database: takes its write lock (BEGIN IMMEDIATE), runs the given SQL,
// prints `locked`, holds the lock for the given milliseconds, then commits and exits.
const [file, holdMs, sql] = process.argv.slice(2);
const db = new Database(file);
db.pragma('busy_timeout = 30000');
db.exec('BEGIN IMMEDIATE');
if (sql) db.exec(sql);
process.stdout.write('locked\n');
await setTimeout(Number(holdMs));
db.exec('COMMIT');
db.close();
