import { ForgeDbError } from '../../src/errors/index.js';
import { openDatabase, writeTransaction } from '../../src/sqlite/index.js';
import { say } from './stdin.js';

// One read-increment-write with the given busy timeout; reports what it saw or the typed error.
const [file, busyTimeoutMs] = process.argv.slice(2);
const db = openDatabase({ file: file! }, { busyTimeoutMs: Number(busyTimeoutMs) });
say({ attempting: true });
try {
  const seen = writeTransaction(db, (tx) => {
    const n = tx.prepare('SELECT n FROM counter WHERE id = 1').pluck().get() as number;
    tx.prepare('UPDATE counter SET n = ? WHERE id = 1').run(n + 1);
    return n;
  });
  say({ ok: true, seen });
} catch (error) {
  if (!(error instanceof ForgeDbError)) throw error;
  say({
    ok: false,
    code: error.code,
    name: error.name,
    target: (error as { target?: string }).target,
    message: error.message,
  });
} finally {
  db.close();
}
