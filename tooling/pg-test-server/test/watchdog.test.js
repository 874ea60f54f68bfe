import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pgSkipped } from '../src/index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures-start-and-wait.mjs', import.meta.url));

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(pgSkipped())('the watchdog', () => {
  it('stops the server and removes its data when the process that started it is SIGKILLed', async () => {
    const child = spawn(process.execPath, [FIXTURE], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
      });
      child.once('exit', (code) => reject(new Error(`fixture exited early (${code})`)));
    });
    expect(alive(started.pid)).toBe(true);
    child.kill('SIGKILL');
    // Polled until it holds; the test timeout only guards against a watchdog that never acts.
    await expect.poll(() => alive(started.pid), { timeout: 60_000, interval: 200 }).toBe(false);
    await expect.poll(() => existsSync(started.dataDir), { timeout: 60_000, interval: 200 }).toBe(false);
  });
});
