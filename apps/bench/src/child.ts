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
  const child = spawn(process.execPath, ['--expose-gc', WORKER, task, JSON.stringify(params)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
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
}
