import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../scripts/check-migrations-immutable.mjs', import.meta.url));
const folder = 'packages/schema/drizzle/features';

let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
const gate = () => spawnSync(process.execPath, [script], { cwd: repo, encoding: 'utf8' });
const write = (file: string, content: string) => writeFileSync(path.join(repo, folder, file), content);
const journal = (tags: string[]) =>
  JSON.stringify({
    version: '6',
    dialect: 'sqlite',
    entries: tags.map((tag, idx) => ({ idx, version: '6', when: 1000 + idx, tag, breakpoints: true })),
  });
const commit = (message: string) => {
  git('add', '-A');
  git('commit', '-qm', message);
};

beforeEach(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'forgedb-immutable-'));
  mkdirSync(path.join(repo, folder, 'meta'), { recursive: true });
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  write('0000_baseline.sql', 'CREATE TABLE a (id INTEGER);');
  write('meta/0000_snapshot.json', '{}');
  write('meta/_journal.json', journal(['0000_baseline']));
  commit('baseline');
});

afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('the shipped-migration gate (scripts/check-migrations-immutable.mjs)', () => {
  it('passes when migrations are only added', () => {
    write('0001_next.sql', 'ALTER TABLE a ADD b INTEGER;');
    write('meta/_journal.json', journal(['0000_baseline', '0001_next']));
    commit('next');
    expect(gate().status).toBe(0);
  });

  it('fails when a shipped SQL file is edited, even in a commit of its own', () => {
    write('0000_baseline.sql', 'CREATE TABLE a (id INTEGER); -- tweak');
    commit('edit');
    const run = gate();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('0000_baseline.sql differs from the version shipped');
  });

  it('fails when an uncommitted edit changes a shipped snapshot', () => {
    write('meta/0000_snapshot.json', '{"changed": true}');
    expect(gate().status).toBe(1);
  });

  it('fails when a shipped migration is deleted', () => {
    rmSync(path.join(repo, folder, '0000_baseline.sql'));
    commit('delete');
    expect(gate().stderr).toContain('has been deleted');
  });

  it('fails when journal entries are rewritten instead of appended', () => {
    write('meta/_journal.json', journal(['0000_renamed']));
    commit('rewrite journal');
    const run = gate();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('append-only');
  });
});
