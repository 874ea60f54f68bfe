import { openDatabase, writeTransaction } from '../../src/sqlite/index.js';
import { say, stopListening, waitFor } from './stdin.js';

// Read-increment-write: correct only if nobody can write between this process's read and its write.
const [file, iterations] = process.argv.slice(2);
const db = openDatabase({ file: file! });
const read = db.prepare('SELECT n FROM counter WHERE id = 1').pluck();
const write = db.prepare('UPDATE counter SET n = ? WHERE id = 1');
say({ ready: true });
await waitFor('go');
stopListening();
for (let i = 0; i < Number(iterations); i++) {
  writeTransaction(db, () => {
    const n = read.get() as number;
    write.run(n + 1);
  });
}
db.close();
say({ done: true });
