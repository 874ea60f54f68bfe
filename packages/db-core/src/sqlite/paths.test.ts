import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open.js';
import {
  CURRENT_DATA_DIR,
  PROJECT_DATA_DIRS,
  ensureParentDir,
  findProjectFile,
  resolveDatabaseFile,
} from './paths.js';

let project: string;
beforeEach(() => {
  project = mkdtempSync(path.join(tmpdir(), 'forgedb-paths-'));
});
afterEach(() => {
  rmSync(project, { recursive: true, force: true });
});

const touch = (file: string) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '');
};

describe('three-location resolution', () => {
  it('lists the layouts newest first', () => {
    expect(PROJECT_DATA_DIRS).toEqual(['.autoforge', '.autocoder', '']);
    expect(CURRENT_DATA_DIR).toBe('.autoforge');
  });

  it('new files go to .autoforge/, and resolving creates nothing', () => {
    expect(findProjectFile(project, 'features.db')).toBeNull();
    expect(resolveDatabaseFile(project, 'features.db')).toBe(path.join(project, '.autoforge', 'features.db'));
    expect(existsSync(path.join(project, '.autoforge'))).toBe(false);
  });

  it('finds a file in the project root (oldest layout)', () => {
    touch(path.join(project, 'features.db'));
    expect(resolveDatabaseFile(project, 'features.db')).toBe(path.join(project, 'features.db'));
  });

  it('prefers .autocoder/ over the project root', () => {
    touch(path.join(project, 'features.db'));
    touch(path.join(project, '.autocoder', 'features.db'));
    expect(resolveDatabaseFile(project, 'features.db')).toBe(path.join(project, '.autocoder', 'features.db'));
  });

  it('prefers .autoforge/ over both', () => {
    touch(path.join(project, 'features.db'));
    touch(path.join(project, '.autocoder', 'features.db'));
    touch(path.join(project, '.autoforge', 'features.db'));
    expect(findProjectFile(project, 'features.db')).toBe(path.join(project, '.autoforge', 'features.db'));
  });

  it('resolves each file name on its own', () => {
    touch(path.join(project, '.autocoder', 'features.db'));
    touch(path.join(project, 'assistant.db'));
    expect(resolveDatabaseFile(project, 'features.db')).toBe(path.join(project, '.autocoder', 'features.db'));
    expect(resolveDatabaseFile(project, 'assistant.db')).toBe(path.join(project, 'assistant.db'));
    expect(resolveDatabaseFile(project, 'feature_list.json')).toBe(
      path.join(project, '.autoforge', 'feature_list.json'),
    );
  });

  it('an empty .autoforge/ directory does not hide a legacy file', () => {
    mkdirSync(path.join(project, '.autoforge'));
    touch(path.join(project, '.autocoder', 'features.db'));
    expect(resolveDatabaseFile(project, 'features.db')).toBe(path.join(project, '.autocoder', 'features.db'));
  });

  it('accepts a relative project directory', () => {
    const rel = path.relative(process.cwd(), project);
    expect(resolveDatabaseFile(rel, 'features.db')).toBe(path.join(project, '.autoforge', 'features.db'));
  });
});

describe('ensureParentDir', () => {
  it('creates missing parents and a .gitignore for the runtime files in .autoforge/', () => {
    const file = path.join(project, 'nested', 'deeper', '.autoforge', 'features.db');
    ensureParentDir(file);
    const ignore = readFileSync(path.join(path.dirname(file), '.gitignore'), 'utf8').split('\n');
    for (const entry of [
      'features.db',
      'features.db-wal',
      'features.db-shm',
      'assistant.db',
      'assistant.db-wal',
      'assistant.db-shm',
      '*.lock',
      '*.backup-*',
    ]) {
      expect(ignore).toContain(entry);
    }
    expect(existsSync(file)).toBe(false);
  });

  it('git ignores the databases, their side files and the backups written next to them', () => {
    const dir = path.join(project, '.autoforge');
    ensureParentDir(path.join(dir, 'features.db'));
    execFileSync('git', ['init', '-q', project]);
    // Same naming as @forgedb/migrate's defaultBackupPath: `<file>.backup-<stamp>-<pid>`, `.tmp` while copying.
    const names = [
      'features.db',
      'features.db-wal',
      'assistant.db-shm',
      'features.db-journal',
      `features.db.backup-20261123T063000123Z-${process.pid}`,
      `assistant.db.backup-20261123T063000123Z-${process.pid}.tmp`,
    ];
    const ignored = execFileSync(
      'git',
      ['-C', project, 'check-ignore', '--no-index', ...names.map((n) => `.autoforge/${n}`)],
      {
        encoding: 'utf8',
      },
    );
    expect(ignored.trim().split('\n').sort()).toEqual(names.map((n) => `.autoforge/${n}`).sort());
    // The project's own files stay visible to git.
    expect(() =>
      execFileSync('git', ['-C', project, 'check-ignore', '--no-index', '.autoforge/notes.md'], {
        stdio: 'ignore',
      }),
    ).toThrow();
  });

  it('keeps an existing .gitignore as the user wrote it', () => {
    const dir = path.join(project, '.autoforge');
    mkdirSync(dir);
    writeFileSync(path.join(dir, '.gitignore'), 'mine\n');
    ensureParentDir(path.join(dir, 'features.db'));
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('mine\n');
  });

  it('writes no .gitignore into legacy or arbitrary directories', () => {
    ensureParentDir(path.join(project, '.autocoder', 'features.db'));
    ensureParentDir(path.join(project, 'data', 'x.db'));
    expect(existsSync(path.join(project, '.autocoder'))).toBe(true);
    expect(existsSync(path.join(project, '.autocoder', '.gitignore'))).toBe(false);
    expect(existsSync(path.join(project, 'data', '.gitignore'))).toBe(false);
  });
});

describe('openDatabase by project directory', () => {
  it('creates .autoforge/ and the file for a new project', () => {
    const db = openDatabase({ projectDir: project, name: 'features.db' });
    try {
      expect(db.name).toBe(path.join(project, '.autoforge', 'features.db'));
      expect(existsSync(db.name)).toBe(true);
      expect(existsSync(path.join(project, '.autoforge', '.gitignore'))).toBe(true);
    } finally {
      db.close();
    }
  });

  it('opens the legacy file in place instead of creating a new one', () => {
    const legacy = path.join(project, '.autocoder', 'features.db');
    const seed = openDatabase({ file: legacy });
    seed.exec('CREATE TABLE marker (x INTEGER)');
    seed.close();
    const db = openDatabase({ projectDir: project, name: 'features.db' });
    try {
      expect(db.name).toBe(legacy);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'marker'").get()).toEqual({
        name: 'marker',
      });
      expect(existsSync(path.join(project, '.autoforge'))).toBe(false);
    } finally {
      db.close();
    }
  });
});
