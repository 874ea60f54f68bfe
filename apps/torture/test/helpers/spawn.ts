import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const WORKERS = path.resolve(import.meta.dirname, '../workers');
export const CLI = path.resolve(import.meta.dirname, '../../../migrator/dist/bin.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  /** Resolves when the worker printed `ready` (it has opened the store and is about to start). */
  ready: Promise<void>;
  exit: Promise<Exit>;
  output: () => string;
}

/**
 * Starts test/workers/<name>. Workers are plain ESM over the built packages: tsx would add about
 * a second of start-up to each of the hundreds of processes the suite starts and kills. They
 * print `ready\n` before the work that gets killed.
 */
export function startWorker(name: string, args: unknown): Running {
  const child = spawn(process.execPath, [path.join(WORKERS, name), JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.includes('ready\n')) onReady();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => {
      onReady();
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, ready, exit, output: () => stdout };
}

export async function runWorker(name: string, args: unknown): Promise<Exit> {
  return startWorker(name, args).exit;
}

/** Waits for `ready`, then SIGKILLs after `delayMs`: the kill lands inside the work, not in start-up. */
export async function killAfterReady(run: Running, delayMs: number): Promise<Exit> {
  await run.ready;
  await new Promise((r) => setTimeout(r, delayMs));
  run.child.kill('SIGKILL');
  return run.exit;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /**
   * Run under the shell's `ulimit -f` (in the shell's blocks, 512 or 1024 bytes): a write past it
   * is cut short and the next one fails with EFBIG, as on a disk that fills up mid-write.
   */
  fileSizeLimitBlocks?: number;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<Exit> {
  const [command, argv] =
    options.fileSizeLimitBlocks === undefined
      ? [process.execPath, [CLI, ...args]]
      : [
          'sh',
          [
            '-c',
            `ulimit -f ${options.fileSizeLimitBlocks} && exec "$0" "$@"`,
            process.execPath,
            CLI,
            ...args,
          ],
        ];
  const child = spawn(command, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

/** Lines a worker printed as JSON objects (progress records), skipping `ready` and any half-written last line. */
export function jsonLines<T>(stdout: string): T[] {
  const out: T[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // a SIGKILL can cut the last line short
    }
  }
  return out;
}
