import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const WORKERS = path.resolve(import.meta.dirname, 'workers');

export interface Worker {
  child: ChildProcess;
  /** The next line the worker prints on stdout (its protocol messages), parsed as JSON. */
  next(): Promise<Record<string, unknown>>;
  send(line: string): void;
  exit: Promise<{ code: number | null; stderr: string }>;
}

/** Runs `test/workers/<name>` in its own Node process, talking line by line over stdin/stdout. */
export function startWorker(name: string, args: string[]): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(WORKERS, name), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stderr })),
  );
  const lines: AsyncIterator<string, undefined> = createInterface({ input: child.stdout })[
    Symbol.asyncIterator
  ]();
  return {
    child,
    async next() {
      const { value, done } = await lines.next();
      if (done) {
        const { code, stderr: err } = await exit;
        throw new Error(`worker ${name} exited (code ${code}) before printing a line:\n${err}`);
      }
      return JSON.parse(value) as Record<string, unknown>;
    },
    send(line: string) {
      child.stdin.write(`${line}\n`);
    },
    exit,
  };
}
