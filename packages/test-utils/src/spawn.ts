import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface NodeOptions {
  /**
   * Load the script through tsx, for workers written in TypeScript against a package's sources.
   * It adds about a second of start-up per process, so suites that start hundreds of processes
   * write plain ESM workers over the built packages instead.
   */
  tsx?: boolean;
  /**
   * Run under the shell's `ulimit -f` (in the shell's blocks, 512 or 1024 bytes): a write past it
   * is cut short and the next one fails with EFBIG, which is what a disk filling up mid-write
   * looks like to the program, without needing a small file system.
   */
  fileSizeLimitBlocks?: number;
  /**
   * Options for node itself, before the script (e.g. `--cpu-prof`, which NODE_OPTIONS refuses:
   * its sampling profiler's SIGPROF interrupts the process's sleeps).
   */
  nodeArgs?: string[];
}

export interface SpawnOptions extends NodeOptions {
  cwd?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** Keep a pipe to the child's stdin open for `send`; otherwise stdin is closed at once. */
  stdin?: boolean;
}

export interface Running {
  child: ChildProcess;
  /** Resolves once the process has exited and its output is complete; never rejects on a non-zero exit. */
  exit: Promise<Exit>;
  /** Everything printed on stdout so far. */
  output(): string;
  /**
   * Resolves true at the first stdout line equal to `line`, or false when the process exits
   * without printing it, so that a worker that died in start-up fails its test instead of hanging it.
   */
  waitFor(line: string): Promise<boolean>;
  /** The next stdout line not yet returned by nextLine/nextJson; throws (with stderr) if the process exited first. */
  nextLine(): Promise<string>;
  nextJson<T = Record<string, unknown>>(): Promise<T>;
  /** Writes one line to stdin (needs `stdin: true`). */
  send(line: string): void;
}

/**
 * The command and arguments that run a Node script the way a user or a worker process would,
 * for spawn and spawnSync alike.
 */
export function nodeCommand(script: string, args: string[], options: NodeOptions = {}): [string, string[]] {
  const node = [...(options.nodeArgs ?? []), ...(options.tsx ? ['--import', 'tsx'] : []), script, ...args];
  if (options.fileSizeLimitBlocks === undefined) return [process.execPath, node];
  return [
    'sh',
    ['-c', `ulimit -f ${options.fileSizeLimitBlocks} && exec "$0" "$@"`, process.execPath, ...node],
  ];
}

/** Starts a real OS process running a Node script; the caller may SIGKILL `child` at any moment. */
export function startNode(script: string, args: string[], options: SpawnOptions = {}): Running {
  const [command, argv] = nodeCommand(script, args, options);
  const child = spawn(command, argv, {
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
    env: options.env ? { ...process.env, ...options.env } : process.env,
  });
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');

  let stdout = '';
  let stderr = '';
  let partial = '';
  const lines: string[] = [];
  let read = 0;
  let exited: Exit | undefined;
  const wake: Array<() => void> = [];
  const notify = () => {
    for (const w of wake.splice(0)) w();
  };
  const changed = () => new Promise<void>((resolve) => wake.push(resolve));

  child.stdout!.on('data', (chunk: string) => {
    stdout += chunk;
    partial += chunk;
    for (let i = partial.indexOf('\n'); i >= 0; i = partial.indexOf('\n')) {
      lines.push(partial.slice(0, i));
      partial = partial.slice(i + 1);
    }
    notify();
  });
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));

  // 'close', not 'exit': only then has every byte the process wrote to its pipes arrived.
  const exit = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      exited = { code, signal, stdout, stderr };
      notify();
      resolve(exited);
    });
  });
  const name = path.basename(script);

  return {
    child,
    exit,
    output: () => stdout,
    async waitFor(line) {
      for (let seen = 0; ;) {
        for (; seen < lines.length; seen++) if (lines[seen] === line) return true;
        if (exited) return false;
        await changed();
      }
    },
    async nextLine() {
      for (;;) {
        if (read < lines.length) return lines[read++]!;
        if (exited)
          throw new Error(
            `${name} exited (code ${exited.code}, signal ${exited.signal}) before printing a line:\n${exited.stderr}`,
          );
        await changed();
      }
    },
    async nextJson<T>() {
      return JSON.parse(await this.nextLine()) as T;
    },
    send(line) {
      if (!child.stdin) throw new Error(`${name} was started without a stdin pipe (stdin: true)`);
      child.stdin.write(`${line}\n`);
    },
  };
}

/** Runs a Node script to its end. */
export function runNode(script: string, args: string[], options: SpawnOptions = {}): Promise<Exit> {
  return startNode(script, args, options).exit;
}

/**
 * Waits for the process to print `line`, then SIGKILLs it after `delayMs`: the kill lands inside
 * the work under test, not in start-up.
 */
export async function killAfter(run: Running, line: string, delayMs: number): Promise<Exit> {
  await run.waitFor(line);
  await new Promise((r) => setTimeout(r, delayMs));
  run.child.kill('SIGKILL');
  return run.exit;
}

/**
 * Scripts in one folder, started by file name: `workerScripts(dir, { tsx: true }).start('x.ts', args)`.
 */
export function workerScripts(dir: string, defaults: SpawnOptions = {}) {
  return {
    start: (name: string, args: string[], options: SpawnOptions = {}) =>
      startNode(path.join(dir, name), args, { ...defaults, ...options }),
    run: (name: string, args: string[], options: SpawnOptions = {}) =>
      runNode(path.join(dir, name), args, { ...defaults, ...options }),
  };
}

/** Lines a process printed as JSON objects (progress records), skipping other lines and a half-written last one. */
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
