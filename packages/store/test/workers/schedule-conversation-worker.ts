import { openStore } from '../../src/open-store.js';

/**
 * One process sharing a project's files with others. Modes:
 * - mixed SCHEDULE_ID CONVERSATION_ID N: N rounds of createOverride (alternating start/stop),
 *   incrementCrashCount and addMessage ("<pid>:<i>"); prints how many messages were accepted.
 * - messages CONVERSATION_ID N: adds N user messages; prints how many were accepted (not null).
 * - delete CONVERSATION_ID MIN: once the conversation holds MIN messages, deletes it; prints whether it existed.
 * Prints "ready" once its store is open, then waits for a line on stdin, so that the parent can
 * start every process at the same moment however long each took to boot.
 */
const [mode, file, ...args] = process.argv.slice(2);
const store = await openStore({ file: file! });
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();

const addMessages = async (conversationId: number, n: number, each?: (i: number) => Promise<void>) => {
  let accepted = 0;
  for (let i = 0; i < n; i++) {
    await each?.(i);
    if (
      await store.conversations.addMessage(conversationId, { role: 'user', content: `${process.pid}:${i}` })
    )
      accepted++;
  }
  return accepted;
};

if (mode === 'mixed') {
  const [scheduleId, conversationId, n] = args.map(Number) as [number, number, number];
  const accepted = await addMessages(conversationId, n, async (i) => {
    await store.schedules.createOverride(
      scheduleId,
      i % 2 === 0 ? 'start' : 'stop',
      new Date(Date.now() + 3_600_000),
    );
    await store.schedules.incrementCrashCount(scheduleId);
  });
  process.stdout.write(JSON.stringify(accepted));
} else if (mode === 'messages') {
  const [conversationId, n] = args.map(Number) as [number, number];
  process.stdout.write(JSON.stringify(await addMessages(conversationId, n)));
} else if (mode === 'delete') {
  const [conversationId, min] = args.map(Number) as [number, number];
  while (
    ((await store.conversations.list('demo')).find((c) => c.id === conversationId)?.message_count ?? min) <
    min
  ) {
    await new Promise((r) => setTimeout(r, 2));
  }
  process.stdout.write(JSON.stringify(await store.conversations.delete(conversationId)));
} else {
  throw new Error(`unknown mode ${mode}`);
}
await store.close();
