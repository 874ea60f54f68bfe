import { dispose, getConnection } from '../../src/sqlite/index.js';
import { say, stopListening, waitFor } from './stdin.js';

const [file] = process.argv.slice(2);
const tables = () =>
  getConnection({ file: file! })
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();

const db = getConnection({ file: file! });
db.exec('CREATE TABLE IF NOT EXISTS held (x)');
say({ open: true, tables: tables() });
await waitFor('dispose');
say({ disposed: dispose(file!), handleOpen: db.open });
await waitFor('reopen');
stopListening();
say({ reopened: true, tables: tables() });
dispose(file!);
