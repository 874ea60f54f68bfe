import { openDatabase, writeTransaction } from '../../src/sqlite/index.js';
import { say, stopListening, waitFor } from './stdin.js';

// Increments the counter in its own transactions, one per event-loop turn, until told to stop.
const [file] = process.argv.slice(2);
const db = openDatabase({ file: file! });
const increment = db.prepare('UPDATE counter SET n = n + 1 WHERE id = 1');
let stopped = false;
const stop = waitFor('stop').then(() => (stopped = true));
let writes = 0;
writeTransaction(db, () => increment.run());
writes++;
say({ writing: true });
while (!stopped) {
  writeTransaction(db, () => increment.run());
  writes++;
  await new Promise((r) => setImmediate(r));
}
await stop;
stopListening();
db.close();
say({ writes });
