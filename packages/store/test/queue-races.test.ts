import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/open-store.js';

const WORKER = path.resolve(import.meta.dirname, 'workers/queue-worker.ts');

function run(args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`worker exited ${code}: ${err}`)),
    ),
  );
}

/** Starts `n` OS processes that begin work at the same moment. */
async function race<T>(n: number, mode: string, file: string, extra: string[] = []): Promise<T[]> {
  const startAt = String(Date.now() + 1500);
  const outputs = await Promise.all(Array.from({ length: n }, () => run([mode, file, startAt, ...extra])));
  return outputs.map((o) => JSON.parse(o) as T);
}

describe('real processes sharing one features.db', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'forgedb-race-'));
    file = path.join(dir, 'features.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('8 agents draining the queue with claimNext finish every feature exactly once', async () => {
    const store = await openStore({ file });
    // 120 features; every fourth depends on the one before it, so claims interleave with unblocking.
    await store.features.createBulk(
      Array.from({ length: 120 }, (_, i) => ({
        category: 'c',
        name: `F${i + 1}`,
        description: 'd',
        steps: ['s'],
        ...(i % 4 === 3 ? { depends_on_indices: [i - 1] } : {}),
      })),
    );
    await store.close();

    const done = (await race<number[]>(8, 'drain', file)).flat();
    expect(done).toHaveLength(120);
    expect(new Set(done).size).toBe(120);

    const after = await openStore({ file });
    expect(await after.features.stats()).toMatchObject({ total: 120, passing: 120, in_progress: 0 });
    await after.close();
  });

  it('concurrent skips keep priorities unique', async () => {
    const store = await openStore({ file });
    await store.features.createBulk(
      Array.from({ length: 30 }, (_, i) => ({
        category: 'c',
        name: `F${i}`,
        description: 'd',
        steps: ['s'],
      })),
    );
    await store.close();

    // Each process picks its own seeded sequence of features, so that runs repeat.
    const given = await Promise.all(
      [1, 2, 3, 4].map(async (seed) => (await race<number[]>(1, 'skip', file, ['40', String(seed)]))[0]!),
    );
    // Every skip moved its feature behind all others: 160 skips handed out 31..190, each once.
    expect(given.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 160 }, (_, i) => 31 + i));

    const after = await openStore({ file });
    const { items } = await after.features.list({ limit: 500 });
    const priorities = items.map((f) => f.priority);
    expect(new Set(priorities).size).toBe(30);
    expect(Math.max(...priorities)).toBe(30 + 160);
    await after.close();
  });

  it('concurrent bulk creates give each batch contiguous priorities and never share one', async () => {
    await (await openStore({ file })).close();
    const batches = (await race<number[][]>(4, 'bulk', file, ['8', '25'])).flat();
    expect(batches).toHaveLength(32);
    for (const priorities of batches) {
      expect(priorities).toEqual(Array.from({ length: 25 }, (_, i) => priorities[0]! + i));
    }
    const all = batches.flat();
    expect(new Set(all).size).toBe(800);
    expect(Math.min(...all)).toBe(1);
    expect(Math.max(...all)).toBe(800);
  });
});
