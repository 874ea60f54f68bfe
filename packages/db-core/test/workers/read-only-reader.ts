import { existsSync } from 'node:fs';
import { openDatabase } from '../../src/sqlite/index.js';
import { say } from './stdin.js';

// Opens read-only, reads the counter, closes; reports what it read and which WAL files are left.
const [file] = process.argv.slice(2);
const db = openDatabase({ file: file! }, { readonly: true });
const n = db.prepare('SELECT n FROM counter WHERE id = 1').pluck().get() as number;
db.close();
say({ n, wal: existsSync(`${file}-wal`), shm: existsSync(`${file}-shm`) });
