import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, expectExit, forgedb, sha256, tempDir } from './cli.js';

/*
 * docs/cli.md#choosing-the-database---project-dir-or---db-file: --kind that the file's tables
 * contradict is a usage error (exit 2) naming what the file holds, and nothing is changed.
 */

describe('--kind that contradicts the file', () => {
  const commands = [['migrate'], ['migrate', '--dry-run'], ['status'], ['verify'], ['backup']];

  it.each(commands)(
    '%s --db: a features.db given as --kind assistant is refused with exit 2',
    (...command) => {
      const dir = tempDir();
      const db = copyFixture('features-v1-oldest.db', dir, 'features.db');
      const before = sha256(db);
      const r = forgedb([...command, '--db', db, '--kind', 'assistant', '--json']);
      expectExit(r, 2);
      expect(r.stderr).toContain(`--kind assistant contradicts ${db}: it holds features.db tables`);
      expect(r.stderr).toContain('Pass --kind features');
      expect(r.stdout).toBe('');
      expect(sha256(db)).toBe(before);
      expect(readdirSync(dir)).toEqual(['features.db']);
    },
  );

  it('an assistant.db given as --kind features is refused the same way', () => {
    const dir = tempDir();
    const db = copyFixture('assistant-current.db', dir, 'assistant.db');
    const before = sha256(db);
    const r = forgedb(['migrate', '--db', db, '--kind', 'features']);
    expectExit(r, 2);
    expect(r.stderr).toContain(`--kind features contradicts ${db}: it holds assistant.db tables`);
    expect(sha256(db)).toBe(before);
    expect(readdirSync(dir)).toEqual(['assistant.db']);
  });

  it("--project: a project's assistant.db that holds a features.db's tables is refused for --kind assistant", () => {
    const dir = tempDir();
    const db = copyFixture('features-v1-oldest.db', dir, '.autoforge/assistant.db');
    const before = sha256(db);
    const r = forgedb(['migrate', '--project', dir, '--kind', 'assistant']);
    expectExit(r, 2);
    expect(r.stderr).toContain(`--kind assistant contradicts ${db}`);
    expect(sha256(db)).toBe(before);
    expect(readdirSync(path.dirname(db))).toEqual(['assistant.db']);
  });

  it('a --kind the tables agree with is accepted', () => {
    const dir = tempDir();
    const db = copyFixture('features-v1-oldest.db', dir, 'my.db');
    expectExit(forgedb(['status', '--db', db, '--kind', 'features']), 0);
  });
});
