import { openStore } from '../../src/open-store.js';

/**
 * One process sharing a project's files with others. Modes:
 * - overrides SCHEDULE_ID N: N rounds of createOverride (alternating start/stop) + incrementCrashCount.
 * - messages CONVERSATION_ID N: adds N user messages "<pid>:<i>"; prints how many were accepted.
 * - delete CONVERSATION_ID: deletes the conversation; prints whether it existed.
 * Prints "ready" once its store is open, then waits for a line on stdin, so that the parent can
 * start every process at the same moment however long each took to boot.
 */
const [mode, file, idArg, countArg] = process.argv.slice(2);
const store = await openStore({ file: file! });
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();
const id = Number(idArg);
const n = Number(countArg ?? 0);

if (mode === 'overrides') {
  for (let i = 0; i < n; i++) {
    await store.schedules.createOverride(id, i % 2 === 0 ? 'start' : 'stop', new Date(Date.now() + 3_600_000));
    await store.schedules.incrementCrashCount(id);
  }
  process.stdout.write(JSON.stringify(n));
} else if (mode === 'messages') {
  let accepted = 0;
  for (let i = 0; i < n; i++) {
    if (await store.conversations.addMessage(id, { role: 'user', content: `${process.pid}:${i}` })) accepted++;
  }
  process.stdout.write(JSON.stringify(accepted));
} else if (mode === 'delete') {
  process.stdout.write(JSON.stringify(await store.conversations.delete(id)));
} else {
  throw new Error(`unknown mode ${mode}`);
}
await store.close();
