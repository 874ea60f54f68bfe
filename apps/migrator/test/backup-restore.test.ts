import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  copyFixture,
  expectExit,
  forgedb,
  forgedbJson,
  legacyProject,
  query,
  sha256,
  tempDir,
} from './cli.js';

interface BackupJson {
  ok: boolean;
  backups: { kind: string; source: string; file: string; bytes: number }[];
}

const count = (file: string) => query<{ n: number }>(file, 'SELECT count(*) AS n FROM features')[0]!.n;

describe('forgedb backup', () => {
  it('copies both databases of a project next to them without changing the sources', () => {
    const dir = legacyProject();
    const sources = ['features.db', 'assistant.db'].map((n) => path.join(dir, '.autocoder', n));
    const sums = sources.map(sha256);
    const r = forgedbJson<BackupJson>(['backup', '--project', dir]);
    expectExit(r, 0);
    expect(r.json.backups.map((b) => [b.kind, b.source])).toEqual([
      ['features', sources[0]],
      ['assistant', sources[1]],
    ]);
    for (const b of r.json.backups) {
      expect(path.dirname(b.file)).toBe(path.join(dir, '.autocoder'));
      expect(b.bytes).toBeGreaterThan(0);
      expect(query<{ ok: string }>(b.file, 'PRAGMA integrity_check')[0]).toEqual({ integrity_check: 'ok' });
    }
    expect(count(r.json.backups[0]!.file)).toBe(count(sources[0]!));
    expect(sources.map(sha256)).toEqual(sums);
  });

  it('--out names the file for --db and a directory for --project', () => {
    const dir = legacyProject();
    const out = path.join(tempDir(), 'copy.db');
    const one = forgedbJson<BackupJson>([
      'backup',
      '--db',
      path.join(dir, '.autocoder', 'features.db'),
      '--out',
      out,
    ]);
    expectExit(one, 0);
    expect(one.json.backups[0]!.file).toBe(out);
    expect(count(out)).toBe(40);

    const again = forgedb(['backup', '--db', path.join(dir, '.autocoder', 'features.db'), '--out', out]);
    expectExit(again, 1);
    expect(again.stderr).toMatch(/already exists/);

    const outDir = path.join(tempDir(), 'nightly');
    const both = forgedbJson<BackupJson>(['backup', '--project', dir, '--out', outDir]);
    expectExit(both, 0);
    expect(readdirSync(outDir).sort()).toEqual(both.json.backups.map((b) => path.basename(b.file)).sort());
  });

  it('--out through a dangling symbolic link says so, instead of "mkdir ...: does not exist"', () => {
    const dir = legacyProject();
    const link = path.join(tempDir(), 'nightly');
    const gone = path.join(tempDir(), 'unmounted', 'backups');
    symlinkSync(gone, link);
    const r = forgedbJson(['backup', '--project', dir, '--out', path.join(link, 'today')]);
    expectExit(r, 1);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'IO' } });
    expect(r.stderr).toContain(
      `${link} is a symbolic link to ${gone}, which does not exist; nothing was created.`,
    );
    expect(existsSync(gone)).toBe(false);
  });

  it('exits 1 for a project without databases or a non-SQLite file, writing nothing', () => {
    const dir = tempDir();
    expectExit(forgedb(['backup', '--project', dir]), 1);
    const bogus = path.join(dir, 'features.db');
    writeFileSync(bogus, 'x'.repeat(500));
    expectExit(forgedb(['backup', '--db', bogus]), 1);
    expect(readdirSync(dir)).toEqual(['features.db']);
  });
});

describe('forgedb restore', () => {
  it('puts a backup back, saving the current content first', () => {
    const dir = legacyProject();
    const file = path.join(dir, '.autocoder', 'features.db');
    expectExit(forgedb(['migrate', '--db', file]), 0);
    const backup = path.join(tempDir(), 'before-damage.db');
    expectExit(forgedb(['backup', '--db', file, '--out', backup]), 0);

    const db = new Database(file);
    db.prepare('DELETE FROM features WHERE id > 10').run();
    db.close();
    expect(count(file)).toBe(10);

    const r = forgedbJson<{ ok: boolean; restored: string; from: string; previous: string }>([
      'restore',
      '--db',
      file,
      '--from',
      backup,
    ]);
    expectExit(r, 0);
    expect(r.json).toMatchObject({ ok: true, restored: file, from: backup });
    expect(count(file)).toBe(40);
    expect(count(r.json.previous)).toBe(10);
    expectExit(forgedb(['verify', '--db', file]), 0);
  });

  it('refuses a backup that is not SQLite, or of the other kind, leaving the target unchanged', () => {
    const dir = tempDir();
    const file = copyFixture('features-v18-current.db', dir, 'features.db');
    const sum = sha256(file);
    const junk = path.join(dir, 'junk.db');
    writeFileSync(junk, 'not a database'.repeat(20));
    const r1 = forgedb(['restore', '--db', file, '--from', junk]);
    expectExit(r1, 1);
    expect(r1.stderr).toMatch(/junk\.db is not a usable SQLite database/);

    const assistant = copyFixture('assistant-current.db', dir);
    const r2 = forgedb(['restore', '--db', file, '--from', assistant]);
    expectExit(r2, 1);
    expect(r2.stderr).toMatch(
      /holds assistant\.db tables but .* holds features\.db tables; nothing was restored/,
    );

    const r3 = forgedb(['restore', '--db', path.join(dir, 'missing-dir', 'features.db'), '--from', file]);
    expectExit(r3, 1);
    expect(existsSync(path.join(dir, 'missing-dir'))).toBe(false);
    expect(sha256(file)).toBe(sum);
  });

  it('restores into a file that no longer exists', () => {
    const dir = tempDir();
    const backup = copyFixture('features-v18-current.db', dir, 'saved.db');
    mkdirSync(path.join(dir, '.autoforge'));
    const target = path.join(dir, '.autoforge', 'features.db');
    const r = forgedbJson<{ previous: string | null }>(['restore', '--db', target, '--from', backup]);
    expectExit(r, 0);
    expect(r.json.previous).toBeNull();
    expect(count(target)).toBe(40);
  });
});

const HOLDER_SQL = "UPDATE features SET name = 'written by the lock holder' WHERE id = 1";

/** Another process holding FILE's write lock for `holdMs`, then committing HOLDER_SQL; resolves once it holds the lock. */
async function holdWriteLock(file: string, holdMs: number): Promise<{ exited: Promise<void> }> {
  const worker = path.join(import.meta.dirname, 'workers/hold-write-lock.mjs');
  const child = spawn(process.execPath, [worker, file, String(holdMs), HOLDER_SQL], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('locked\n')) resolve();
    });
    child.on('exit', () => reject(new Error(`lock holder exited early: ${out}`)));
  });
  return { exited };
}

const nameOf1 = (file: string) =>
  query<{ name: string }>(file, 'SELECT name FROM features WHERE id = 1')[0]!.name;

/** A migrated features.db with 40 features, a backup of it, then the file damaged down to 10 features. */
function damagedWithBackup(): { dir: string; file: string; backup: string } {
  const dir = tempDir();
  const file = copyFixture('features-v18-current.db', dir, '.autoforge/features.db');
  expectExit(forgedb(['migrate', '--db', file]), 0);
  const backup = path.join(tempDir(), 'good.db');
  expectExit(forgedb(['backup', '--db', file, '--out', backup]), 0);
  const db = new Database(file);
  db.prepare('DELETE FROM features WHERE id > 10').run();
  db.close();
  return { dir, file, backup };
}

const backupsOf = (file: string) =>
  readdirSync(path.dirname(file)).filter((n) => n.startsWith(`${path.basename(file)}.backup-`));

describe('forgedb restore while another process holds the write lock', () => {
  it('waits for the lock, then restores the whole backup', async () => {
    const { file, backup } = damagedWithBackup();
    const original = nameOf1(backup);
    const holder = await holdWriteLock(file, 1500);
    const r = forgedbJson<{ previous: string }>(['restore', '--db', file, '--from', backup]);
    await holder.exited;
    expectExit(r, 0);
    // The restore came after the holder's commit: it replaced the holder's write, and the saved
    // previous content includes it.
    expect(count(file)).toBe(40);
    expect(nameOf1(file)).toBe(original);
    expect(count(r.json.previous)).toBe(10);
    expect(nameOf1(r.json.previous)).toBe('written by the lock holder');
    expectExit(forgedb(['verify', '--db', file]), 0);
  });

  it('fails with BUSY after --wait seconds, changing nothing and leaving no backup behind', async () => {
    const { file, backup } = damagedWithBackup();
    const before = backupsOf(file);
    const holder = await holdWriteLock(file, 8000);
    const r = forgedbJson(['restore', '--db', file, '--from', backup, '--wait', '1']);
    expectExit(r, 1);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    expect(r.stderr).toContain(`Database ${file} is locked by another process`);
    await holder.exited;
    expect(count(file)).toBe(10);
    expect(nameOf1(file)).toBe('written by the lock holder');
    expect(backupsOf(file)).toEqual(before);
  });
});

describe('forgedb restore --from something that is not a backup of this kind', () => {
  it.each([
    [
      'an empty file',
      'NOT_A_DATABASE',
      /empty\.db is not a usable SQLite database \(it is empty: 0 bytes, so it holds no backup\)/,
      (dir: string) => {
        const f = path.join(dir, 'empty.db');
        writeFileSync(f, '');
        return f;
      },
    ],
    [
      'an unrelated SQLite database',
      'VALIDATION',
      /unrelated\.db is not a features\.db: it has no features table/,
      (dir: string) => {
        const f = path.join(dir, 'unrelated.db');
        const db = new Database(f);
        db.exec(
          "CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO recipes VALUES (1, 'soup')",
        );
        db.close();
        return f;
      },
    ],
    [
      'a SQLite database without tables',
      'VALIDATION',
      /blank\.db is not a features\.db: it has no features table/,
      (dir: string) => {
        const f = path.join(dir, 'blank.db');
        const db = new Database(f);
        db.pragma('user_version = 1');
        db.close();
        return f;
      },
    ],
    [
      'an assistant.db',
      'VALIDATION',
      /holds assistant\.db tables but .* holds features\.db tables; nothing was restored/,
      (dir: string) => copyFixture('assistant-current.db', dir, 'assistant-backup.db'),
    ],
  ])('refuses %s before touching the target', (_label, code, message, make) => {
    const dir = tempDir();
    const file = copyFixture('features-v18-current.db', dir, '.autoforge/features.db');
    const sum = sha256(file);
    const from = make(tempDir());
    const r = forgedbJson(['restore', '--db', file, '--from', from]);
    expectExit(r, 1);
    expect(r.json).toMatchObject({ ok: false, error: { code } });
    expect(r.stderr).toMatch(message);
    expect(sha256(file)).toBe(sum);
    expect(backupsOf(file)).toEqual([]);
  });

  it('refuses a backup of the other kind into a target that does not exist yet, by its name', () => {
    const dir = tempDir();
    const from = copyFixture('features-v18-current.db', dir, 'saved.db');
    const target = path.join(dir, 'assistant.db');
    const r = forgedbJson(['restore', '--db', target, '--from', from]);
    expectExit(r, 1);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(r.stderr).toMatch(/saved\.db is not a assistant\.db|saved\.db is not an assistant\.db/);
    expect(existsSync(target)).toBe(false);
  });
});
