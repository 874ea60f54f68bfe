import { createInterface, type Interface } from 'node:readline';

let rl: Interface | undefined;
let lines: AsyncIterator<string, undefined> | undefined;

/** Blocks until the test sends the expected line. Only workers that call this read stdin at all. */
export async function waitFor(expected: string): Promise<void> {
  rl ??= createInterface({ input: process.stdin });
  lines ??= rl[Symbol.asyncIterator]();
  for (;;) {
    const { value, done } = await lines.next();
    if (done) throw new Error(`stdin closed while waiting for "${expected}"`);
    if (value.trim() === expected) return;
  }
}

/** Stops listening, so the open stdin pipe no longer keeps the process alive. */
export function stopListening(): void {
  rl?.close();
  process.stdin.destroy();
}

export const say = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);
