import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectExit, forgedb, forgedbJson, legacyProject, tempDir } from './cli.js';

/*
 * docs/cli.md#output: every --json document carries "ok"; a failed run's is
 * { ok: false, error: { code, reason?, message } } (validation failures add issues). Each command
 * is run once to success and once to failure, and both documents are checked against that rule.
 */

/** A forgedb-current project with `n` independent features, made the way a user would. */
function project(n = 3): { dir: string; db: string } {
  const dir = tempDir('forgedb-json-');
  const list = Array.from({ length: n }, (_, i) => ({
    category: 'core',
    name: `Feature ${i + 1}`,
    description: 'd',
    steps: ['s'],
  }));
  writeFileSync(path.join(dir, 'feature_list.json'), JSON.stringify(list));
  expectExit(forgedb(['import-json', '--project', dir]), 0);
  return { dir, db: path.join(dir, '.autoforge', 'features.db') };
}

const missingDir = () => path.join(tempDir(), 'no-such-project');

interface Case {
  name: string;
  /** The arguments, without --json; made per case so that no case sees another's changes. */
  args: () => string[];
}

const successes: Case[] = [
  { name: 'migrate', args: () => ['migrate', '--project', legacyProject()] },
  { name: 'migrate --dry-run', args: () => ['migrate', '--dry-run', '--project', legacyProject()] },
  { name: 'status', args: () => ['status', '--project', legacyProject()] },
  { name: 'verify', args: () => ['verify', '--project', project().dir] },
  { name: 'backup', args: () => ['backup', '--project', project().dir] },
  {
    name: 'restore',
    args: () => {
      const { dir, db } = project();
      const copy = path.join(dir, 'copy.db');
      copyFileSync(db, copy);
      return ['restore', '--db', db, '--from', copy];
    },
  },
  {
    name: 'import-json',
    args: () => {
      const dir = tempDir('forgedb-json-');
      writeFileSync(
        path.join(dir, 'feature_list.json'),
        JSON.stringify([{ category: 'c', name: 'n', description: 'd', steps: ['s'] }]),
      );
      return ['import-json', '--project', dir];
    },
  },
  {
    name: 'import-json without a feature_list.json',
    args: () => ['import-json', '--project', tempDir()],
  },
  { name: 'export-json', args: () => ['export-json', '--project', project().dir] },
  ...['stats', 'ready', 'blocked', 'graph'].map((sub) => ({
    name: `features ${sub}`,
    args: () => ['features', sub, '--project', project().dir],
  })),
  ...['get', 'claim', 'pass', 'fail', 'skip', 'clear'].map((sub) => ({
    name: `features ${sub}`,
    args: () => ['features', sub, '1', '--project', project().dir],
  })),
  {
    name: 'features claim-next',
    args: () => ['features', 'claim-next', '--agent', 'a', '--project', project().dir],
  },
  {
    name: 'features claim-next with nothing ready',
    args: () => ['features', 'claim-next', '--agent', 'a', '--project', project(0).dir],
  },
  {
    name: 'features create-bulk',
    args: () => {
      const { dir } = project();
      const file = path.join(dir, 'batch.json');
      writeFileSync(file, JSON.stringify([{ category: 'c', name: 'n', description: 'd', steps: ['s'] }]));
      return ['features', 'create-bulk', '--file', file, '--project', dir];
    },
  },
  { name: 'demo', args: () => ['demo', '--dir', path.join(tempDir(), 'demo')] },
];

const failures: Case[] = [
  { name: 'migrate', args: () => ['migrate', '--project', missingDir()] },
  { name: 'status', args: () => ['status', '--project', missingDir()] },
  {
    name: 'verify finding a problem',
    args: () => {
      const { dir, db } = project();
      const raw = new Database(db);
      raw.prepare("UPDATE features SET dependencies = '[1]' WHERE id = 1").run();
      raw.close();
      return ['verify', '--project', dir];
    },
  },
  { name: 'verify', args: () => ['verify', '--project', missingDir()] },
  { name: 'backup', args: () => ['backup', '--project', missingDir()] },
  {
    name: 'restore',
    args: () => {
      const { dir, db } = project();
      return ['restore', '--db', db, '--from', path.join(dir, 'no-such-backup.db')];
    },
  },
  { name: 'import-json', args: () => ['import-json', '--project', missingDir()] },
  { name: 'export-json', args: () => ['export-json', '--project', tempDir()] },
  { name: 'features get', args: () => ['features', 'get', '999', '--project', project().dir] },
  {
    name: 'features pass of a passing feature',
    args: () => {
      const { dir } = project();
      expectExit(forgedb(['features', 'pass', '1', '--project', dir]), 0);
      return ['features', 'pass', '1', '--project', dir];
    },
  },
  {
    name: 'features create-bulk with an invalid item',
    args: () => {
      const { dir } = project();
      const file = path.join(dir, 'batch.json');
      writeFileSync(file, JSON.stringify([{ category: 'c', name: '', description: 'd', steps: [] }]));
      return ['features', 'create-bulk', '--file', file, '--project', dir];
    },
  },
  {
    name: 'demo',
    args: () => {
      const dir = tempDir();
      mkdirSync(path.join(dir, 'something'));
      return ['demo', '--dir', dir];
    },
  },
];

interface Document {
  ok?: unknown;
  error?: { code?: unknown; message?: unknown; reason?: unknown; issues?: unknown };
}

describe('--json documents', () => {
  it.each(successes)('$name: exit 0 and "ok": true', ({ args }) => {
    const r = forgedbJson<Document>(args());
    expectExit(r, 0);
    expect(r.json.ok).toBe(true);
    expect(r.json).not.toHaveProperty('error');
  });

  it.each(failures)('$name: exit 1 and "ok": false with an error { code, reason?, message }', ({ args }) => {
    const r = forgedbJson<Document>(args());
    expectExit(r, 1);
    expect(r.json.ok).toBe(false);
    const error = r.json.error;
    expect(error?.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(typeof error?.message === 'string' && error.message.length > 0, JSON.stringify(error)).toBe(true);
    expect(Object.keys(error ?? {}).every((k) => ['code', 'reason', 'message', 'issues'].includes(k))).toBe(
      true,
    );
    if ('reason' in (error ?? {})) expect(typeof error?.reason).toBe('string');
  });

  it('claim-next with nothing ready says so with null feature and lease', () => {
    const r = forgedbJson(['features', 'claim-next', '--agent', 'a', '--project', project(0).dir]);
    expectExit(r, 0);
    expect(r.json).toEqual({ ok: true, feature: null, lease: null });
  });

  it('a refused transition keeps its conflict reason in the error', () => {
    const { dir } = project();
    expectExit(forgedb(['features', 'pass', '1', '--project', dir]), 0);
    const r = forgedbJson(['features', 'pass', '1', '--project', dir]);
    expectExit(r, 1);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'CONFLICT', reason: 'already_passing' } });
  });

  it('a verify that finds a problem names the failed check in its error, beside the full report', () => {
    const { dir, db } = project();
    const raw = new Database(db);
    raw.prepare("UPDATE features SET dependencies = '[1]' WHERE id = 1").run();
    raw.close();
    const r = forgedbJson<Document & { databases: { ok: boolean }[] }>(['verify', '--project', dir]);
    expectExit(r, 1);
    expect(r.json.error?.code).toBe('VERIFY_FAILED');
    expect(r.json.error?.message).toContain(db);
    expect(r.json.databases.some((d) => !d.ok)).toBe(true);
  });
});
