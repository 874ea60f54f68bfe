import { spawn } from 'node:child_process';
import path from 'node:path';

const WORKER = path.join(import.meta.dirname, 'worker.js');

export interface ChildOutcome<R> {
  result: R;
  /** Peak resident set of the child alone (process.resourceUsage().maxRSS), in MB. */
  peakRssMb: number;
}

/**
 * Runs one task in a fresh Node process, so each workload's peak RSS is its own (maxRSS can only
 * grow within a process) and a multi-process figure uses real OS processes. The worker prints
 * one JSON line `{ result, maxRssKb }` last on stdout.
 */
export function runChild<R>(task: string, params: unknown): Promise<ChildOutcome<R>> {
  return start<R>(task, params).done;
}

/**
 * Runs one task in each of several processes that start their timed work together: each worker
 * prints `ready` once loaded and connected, and waits on stdin; `go` is sent when all are ready.
 */
export async function runTogether<R>(task: string, paramsList: unknown[]): Promise<ChildOutcome<R>[]> {
  const children = paramsList.map((params) => start<R>(task, params, true));
  const done = Promise.all(children.map((c) => c.done));
  // A child that fails before `ready` rejects `done`, which must not wait for the others' `ready`.
  await Promise.race([Promise.all(children.map((c) => c.ready)), done]);
  for (const c of children) c.go();
  return done;
}

function start<R>(task: string, params: unknown, gated = false) {
  const child = spawn(process.execPath, ['--expose-gc', WORKER, task, JSON.stringify(params)], {
    stdio: [gated ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.startsWith('ready\n')) onReady();
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const go = () => child.stdin?.end('go\n');
  const done = new Promise<ChildOutcome<R>>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new Error(`bench worker ${task} exited with ${code ?? signal}:\n${stderr || stdout}`));
        return;
      }
      try {
        const parsed = JSON.parse(last) as { result: R; maxRssKb: number };
        resolve({ result: parsed.result, peakRssMb: parsed.maxRssKb / 1024 });
      } catch {
        reject(new Error(`bench worker ${task} printed no result:\n${stdout}\n${stderr}`));
      }
    });
  });
  return { ready, done, go };
}
