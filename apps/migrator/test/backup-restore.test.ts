import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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
