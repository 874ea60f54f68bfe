import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from './files.js';
import { jsonLines, killAfter, nodeCommand, workerScripts } from './spawn.js';

afterAll(removeTempDirs);

const workers = workerScripts(path.resolve(import.meta.dirname, '../test/workers'));

describe('a worker process', () => {
  it('talks line by line: lines split across writes are joined, stdin lines are answered, the exit code is kept', async () => {
    const w = workers.start('protocol.mjs', [], { stdin: true });
    expect(await w.nextLine()).toBe('started');
    expect(await w.waitFor('ready')).toBe(true);
    expect(await w.nextLine()).toBe('ready');
    w.send('hello');
    expect(await w.nextJson()).toEqual({ echo: 'hello' });
    w.send('exit 3');
    const exit = await w.exit;
    expect(exit).toMatchObject({ code: 3, signal: null, stderr: 'a note on stderr\n' });
    expect(exit.stdout).toBe('started\nready\n{"echo":"hello"}\n');
    await expect(w.nextLine()).rejects.toThrow(
      /protocol\.mjs exited \(code 3, signal null\)[^]*a note on stderr/,
    );
  });

  it('waitFor is false for a line the process never printed, once it has exited', async () => {
    const w = workers.start('protocol.mjs', []);
    expect(await w.waitFor('never')).toBe(false);
    expect((await w.exit).code).toBe(0);
  });

  it('killAfter lands the SIGKILL after the marker line, and the output up to the kill is kept', async () => {
    const exit = await killAfter(workers.start('hang.mjs', []), 'ready', 50);
    expect(exit).toMatchObject({ code: null, signal: 'SIGKILL' });
    expect(exit.stdout.startsWith('ready\n')).toBe(true);
    expect(jsonLines(exit.stdout).length).toBeGreaterThan(0);
    expect(jsonLines(`${exit.stdout}{"cut`)).toEqual(jsonLines(exit.stdout));
  });

  it('under a file-size limit a large write is cut short, a small one is not', async () => {
    const dir = tempDir();
    const small = path.join(dir, 'small');
    const large = path.join(dir, 'large');
    const limit = { fileSizeLimitBlocks: 8 };
    expect((await workers.run('write-file.mjs', [small, '1000'], limit)).code).toBe(0);
    expect(statSync(small).size).toBe(1000);
    const cut = await workers.run('write-file.mjs', [large, String(1 << 20)], limit);
    expect(cut.code).not.toBe(0);
    expect(existsSync(large) && statSync(large).size).toBeLessThan(1 << 20);
  });

  it('runs TypeScript through tsx only when asked', () => {
    expect(nodeCommand('w.ts', ['a'])).toEqual([process.execPath, ['w.ts', 'a']]);
    expect(nodeCommand('w.ts', ['a'], { tsx: true })).toEqual([
      process.execPath,
      ['--import', 'tsx', 'w.ts', 'a'],
    ]);
  });

  it('passes node options before the script', () => {
    expect(nodeCommand('w.ts', ['a'], { tsx: true, nodeArgs: ['--cpu-prof'] })).toEqual([
      process.execPath,
      ['--cpu-prof', '--import', 'tsx', 'w.ts', 'a'],
    ]);
  });
});
