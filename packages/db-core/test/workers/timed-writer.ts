import { ForgeDbError } from '../../src/errors/index.js';
import { openDatabase, writeTransaction } from '../../src/sqlite/index.js';
import { say } from './stdin.js';

// One read-increment-write with the given busy timeout; reports what it saw or the typed error, and
// how long writeTransaction took in wall-clock time (the test starts it under a sampling profiler).
const [file, busyTimeoutMs] = process.argv.slice(2);
const db = openDatabase({ file: file! }, { busyTimeoutMs: Number(busyTimeoutMs) });
say({ attempting: true });
const start = performance.now();
const waited = () => Math.round(performance.now() - start);
// The retry shrinks busy_timeout while it waits; it must be back to the configured value afterwards.
const busyTimeout = () => db.pragma('busy_timeout', { simple: true });
try {
  const seen = writeTransaction(db, (tx) => {
    const n = tx.prepare('SELECT n FROM counter WHERE id = 1').pluck().get() as number;
    tx.prepare('UPDATE counter SET n = ? WHERE id = 1').run(n + 1);
    return n;
  });
  say({ ok: true, seen, waitedMs: waited(), busyTimeout: busyTimeout() });
} catch (error) {
  if (!(error instanceof ForgeDbError)) throw error;
  say({ ok: false, code: error.code, waitedMs: waited(), busyTimeout: busyTimeout() });
} finally {
  db.close();
}
