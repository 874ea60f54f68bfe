import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const WORKERS = path.resolve(import.meta.dirname, 'workers');

export function startWorker(name: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(WORKERS, name), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function runWorker(
  name: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startWorker(name, args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}
