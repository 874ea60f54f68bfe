import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const WORKER = path.resolve(import.meta.dirname, 'workers/loaded-drivers.ts');
const loadedBy = (location: string) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', WORKER, location], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`worker exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as { pg: boolean; betterSqlite3: boolean };
};

describe('the dialect is loaded on demand', () => {
  it('a SQLite store never loads pg', () => {
    expect(loadedBy('memory')).toEqual({ pg: false, betterSqlite3: true });
  });

  it('a server store does (the check sees it)', () => {
    expect(loadedBy('postgres://nobody@127.0.0.1:1/none').pg).toBe(true);
  });
});
