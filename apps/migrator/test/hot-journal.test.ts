import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, expectExit, forgedb, forgedbJson, query, sha256, tempDir } from './cli.js';
import { makeReadOnly, undoReadOnly } from './read-only.js';

const WORKER = path.resolve(import.meta.dirname, 'workers/crash-mid-write.mjs');

/** Every feature row, as the committed content a read must see. */
const rows = (file: string) => JSON.stringify(query(file, 'SELECT * FROM features ORDER BY id'));

/**
 * A current-shape features.db in rollback-journal mode, with many features, whose writer was
 * SIGKILLed mid-transaction: the template's directory holds features.db and a hot features.db-journal.
 */
async function crashedTemplate(): Promise<{ dir: string; committed: string }> {
  const dir = tempDir('forgedb-hot-');
  const file = copyFixture('features-v18-current.db', dir, 'features.db');
  const db = new Database(file);
  db.pragma('journal_mode = DELETE');
  const insert = db.prepare(
    "INSERT INTO features (priority, category, name, description, steps, passes, in_progress, needs_human_input) VALUES (?, 'bulk', ?, ?, '[]', 0, 0, 0)",
  );
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run(100 + i, `Bulk ${i}`, 'text '.repeat(40));
  })();
  db.close();
  expectExit(forgedb(['migrate', '--db', file], { env: { FORGEDB_JOURNAL_MODE: 'delete' } }), 0);
  const committed = rows(file);
  const child = spawn(process.execPath, [WORKER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (d: Buffer) => d.includes('ready') && resolve()),
  );
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
  expect(readFileSync(`${file}-journal`).length).toBeGreaterThan(0);
  return { dir, committed };
}

/** A project whose .autoforge/ holds a copy of the crashed database and its hot journal. */
function projectFrom(template: string): { project: string; file: string } {
  const project = tempDir('forgedb-hot-project-');
  mkdirSync(path.join(project, '.autoforge'));
  const file = path.join(project, '.autoforge', 'features.db');
  copyFileSync(path.join(template, 'features.db'), file);
  copyFileSync(path.join(template, 'features.db-journal'), `${file}-journal`);
  return { project, file };
}

const READ_COMMANDS: [string, (project: string, file: string) => string[]][] = [
  ['verify', (p) => ['verify', '--project', p]],
  ['status', (p) => ['status', '--project', p]],
  ['backup', (p) => ['backup', '--project', p, '--out', path.join(p, 'backups')]],
  ['export-json', (p) => ['export-json', '--project', p]],
  ['migrate --dry-run', (_p, f) => ['migrate', '--db', f, '--dry-run']],
];

describe('read commands after a writer crashed mid-transaction (hot rollback journal)', () => {
  it('roll the dead transaction back and then read the last committed content', async () => {
    const { dir, committed } = await crashedTemplate();
    for (const [name, args] of READ_COMMANDS) {
      const { project, file } = projectFrom(dir);
      const r = forgedb(args(project, file));
      expectExit(r, 0);
      expect(r.stderr, name).not.toMatch(/read-only/);
      expect(existsSync(`${file}-journal`), name).toBe(false);
      expect(rows(file), name).toBe(committed);
      if (name === 'export-json') {
        const exported = JSON.parse(readFileSync(path.join(project, 'feature_list_export.json'), 'utf8')) as {
          description: string;
        }[];
        expect(exported).toHaveLength(3040);
        expect(exported.some((f) => f.description.startsWith('uncommitted'))).toBe(false);
      }
    }
  });

  it('where it cannot be rolled back, say what is there and what to do, never "read-only", and change nothing', async () => {
    const { dir } = await crashedTemplate();
    for (const [name, args] of READ_COMMANDS) {
      const { project, file } = projectFrom(dir);
      const before = [sha256(file), sha256(`${file}-journal`)];
      const data = path.dirname(file);
      expect(makeReadOnly(data)).toBe(true);
      try {
        const r = forgedbJson(args(project, file));
        expectExit(r, 1);
        expect(r.json, name).toMatchObject({ ok: false, error: { code: 'HOT_JOURNAL' } });
        expect(r.stderr, name).toContain(`${file} has a hot rollback journal, ${file}-journal`);
        expect(r.stderr, name).toContain(`its directory ${data} is not writable`);
        expect(r.stderr, name).toContain(`Do not delete ${file}-journal`);
        expect(r.stderr, name).not.toMatch(/is read-only/);
      } finally {
        undoReadOnly(data);
      }
      expect([sha256(file), sha256(`${file}-journal`)], name).toEqual(before);
    }
  });
});
