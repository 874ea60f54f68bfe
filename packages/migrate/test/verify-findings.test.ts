import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { tempDir } from '@forgedb/test-utils';
import { upgradeDatabase, verifyDatabase } from '../src/sqlite/index.js';
import type { VerifyReport } from '../src/index.js';

/** A current-shape file holding `sql`'s rows, written with foreign keys and forgedb's checks out of the way. */
function currentFile(kind: 'features' | 'assistant', sql: string): string {
  const file = path.join(tempDir(), `${kind}.db`);
  const db = openDatabase({ file });
  upgradeDatabase(db, kind, { backup: false });
  db.close();
  const raw = new Database(file);
  raw.exec(sql);
  raw.close();
  return file;
}

function report(file: string, kind: 'features' | 'assistant' = 'features'): VerifyReport {
  const db = openDatabase({ file }, { readonly: true });
  try {
    return verifyDatabase(db, kind);
  } finally {
    db.close();
  }
}

const problems = (r: VerifyReport, name: string) => r.checks.find((c) => c.name === name)?.problems;

const feature = (id: string, deps = 'NULL', priority = '1') =>
  `INSERT INTO features (id, priority, category, name, description, steps, dependencies)
   VALUES (${id}, ${priority}, 'c', 'n', 'd', '["s"]', ${deps});`;

describe('verify reports rows the queue cannot serve, with their ids', () => {
  it('passes a clean file and lists every new check', () => {
    const r = report(currentFile('features', feature('1') + feature('2', "'[1]'")));
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'column defaults',
        'text encoding',
        'feature ids',
        'priorities',
        'dependencies',
      ]),
    );
  });

  it('ids <= 0 and ids beyond 2^53, read exactly', () => {
    const r = report(
      currentFile(
        'features',
        feature('0') +
          feature('-3') +
          feature('9007199254740993') +
          feature('-9007199254740995') +
          feature('7'),
      ),
    );
    expect(r.ok).toBe(false);
    expect(problems(r, 'feature ids')).toEqual([
      expect.stringMatching(/^features id <= 0: -9007199254740995, -3, 0 \(ids start at 1/),
      expect.stringMatching(
        /^features id outside the safe integer range \(\|id\| > 2\^53 - 1\): -9007199254740995, 9007199254740993 \(/,
      ),
    ]);
  });

  it('non-integer priorities, with their stored type', () => {
    const r = report(
      currentFile('features', feature('1', 'NULL', '2.5') + feature('2', 'NULL', "'high'") + feature('3')),
    );
    expect(problems(r, 'priorities')).toEqual([
      expect.stringMatching(/^features\.priority is not an integer in id 1 \(real\), 2 \(text\) \(/),
    ]);
  });

  it('self-dependencies, cycles and dependency ids beyond 2^53; dangling, non-integer and malformed entries are not cycles', () => {
    const r = report(
      currentFile(
        'features',
        feature('1', "'[2]'") +
          feature('2', "'[1]'") +
          feature('3', "'[5]'") +
          feature('4', "'[3]'") +
          feature('5', '\'[4, 99, "3", 3.0]\'') +
          feature('6', "'[6, 1]'") +
          feature('7', "'[9007199254740993]'") +
          feature('8', '\'{"a": 8}\'') +
          feature('9', "'[9'"),
      ),
    );
    expect(problems(r, 'dependencies')).toEqual([
      expect.stringMatching(/^features depending on themselves: 6 \(/),
      expect.stringMatching(/^dependency cycle between features 1, 2 \(/),
      expect.stringMatching(/^dependency cycle between features 3, 4, 5 \(/),
      expect.stringMatching(
        /^dependency ids outside the safe integer range in feature 7 \(on 9007199254740993\)/,
      ),
    ]);
  });
});

describe('verify reports text that is not valid UTF-8, in every table', () => {
  it('a lone surrogate written by an older forgedb, bytes from another tool, and a user table', () => {
    const file = currentFile(
      'features',
      feature('1') +
        feature('2') +
        feature('9007199254740993') +
        "UPDATE features SET description = CAST(X'6869FF' AS TEXT) WHERE id = 2;" +
        "UPDATE features SET category = CAST(X'C3' AS TEXT) WHERE id = 9007199254740993;" +
        "CREATE TABLE user_notes (note TEXT); INSERT INTO user_notes VALUES ('fine ✓'), (CAST(X'80' AS TEXT));" +
        "CREATE TABLE user_pairs (a TEXT, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID; INSERT INTO user_pairs VALUES ('k', CAST(X'EDB080' AS TEXT));",
    );
    const db = new Database(file);
    // What better-sqlite3 writes for a JavaScript string holding a lone surrogate.
    db.prepare('UPDATE features SET name = ? WHERE id = 1').run('x \udc00 y');
    db.close();
    const r = report(file);
    expect(r.ok).toBe(false);
    expect(problems(r, 'text encoding')).toEqual([
      expect.stringMatching(
        /^features\.category: invalid UTF-8 text in rowid 9007199254740993 \(the Python app/,
      ),
      'features.name: invalid UTF-8 text in rowid 1 (the Python app fails to read this table; rewrite or delete these values)',
      expect.stringMatching(/^features\.description: invalid UTF-8 text in rowid 2 /),
      expect.stringMatching(/^user_notes\.note: invalid UTF-8 text in rowid 2 /),
      expect.stringMatching(/^user_pairs\.b: invalid UTF-8 text in rowid 'k', /),
    ]);
  });

  it('in assistant.db too', () => {
    const file = currentFile(
      'assistant',
      "INSERT INTO conversations (id, project_name) VALUES (1, 'p');" +
        "INSERT INTO conversation_messages (id, conversation_id, role, content) VALUES (1, 1, 'user', 'ok'), (2, 1, 'user', CAST(X'F0908080FF' AS TEXT));",
    );
    const r = report(file, 'assistant');
    expect(problems(r, 'text encoding')).toEqual([
      expect.stringMatching(/^conversation_messages\.content: invalid UTF-8 text in rowid 2 /),
    ]);
  });
});
