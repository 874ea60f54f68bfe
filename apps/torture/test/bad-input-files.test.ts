import Database from 'better-sqlite3';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  truncateSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from 'node:fs';
import path from 'node:path';
import { ForgeDbError } from '@forgedb/db-core';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase, verifyDatabase } from '@forgedb/migrate/sqlite';
import { openStore } from '@forgedb/store';
import { afterAll, describe, expect, it } from 'vitest';
import { makeReadOnly, removeTempDirs, sha256, tempDir, treeChecksum } from '@forgedb/test-utils';
import { runCli } from './helpers/processes.js';
import { databaseDigest } from './helpers/invariants.js';
import { makeCurrentFile, makeOldestFile, makeProject } from './helpers/legacy.js';

afterAll(removeTempDirs);

interface FileCase {
  name: string;
  /** Builds the bad file in `dir` and returns its path. */
  make: (dir: string) => string;
  /** The typed error code the library raises. */
  code: ForgeDbError['code'];
  /** What the message must say, for the library and the CLI alike. */
  message: RegExp;
}

const PAGE = 4096;

const cases: FileCase[] = [
  {
    name: 'a text file named features.db',
    make: (dir) => {
      const file = path.join(dir, 'features.db');
      writeFileSync(file, 'this is not a database\n'.repeat(20));
      return file;
    },
    code: 'NOT_A_DATABASE',
    message: /not a usable SQLite database.*no SQLite header/,
  },
  {
    name: 'a JSON file passed as the database',
    make: (dir) => {
      const file = path.join(dir, 'features.db');
      writeFileSync(file, JSON.stringify([{ name: 'x' }]).repeat(10));
      return file;
    },
    code: 'NOT_A_DATABASE',
    message: /not a usable SQLite database/,
  },
  {
    name: 'a directory where the database should be',
    make: (dir) => {
      const file = path.join(dir, 'features.db');
      mkdirSync(file);
      return file;
    },
    code: 'NOT_A_DATABASE',
    message: /directory/,
  },
  {
    name: 'a database truncated mid-page (half the file lost)',
    make: (dir) => {
      const file = makeCurrentFile(path.join(dir, 'features.db'), 2000);
      truncateSync(file, Math.floor(statSync(file).size / 2) + 123);
      return file;
    },
    code: 'NOT_A_DATABASE',
    message: /malformed/,
  },
  {
    name: 'a database whose table pages were overwritten with garbage',
    make: (dir) => {
      const file = makeOldestFile(path.join(dir, 'features.db'));
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(PAGE * 2, 0xa5), 0, PAGE * 2, PAGE);
      closeSync(fd);
      return file;
    },
    code: 'NOT_A_DATABASE',
    // Either SQLite's own word for it or what quick_check found: the kind of error is what matters.
    message: /is not a usable SQLite database \((database disk image is malformed|quick_check: .+)\)/s,
  },
  {
    name: 'a read-only legacy file that needs an upgrade',
    make: (dir) => {
      const file = makeOldestFile(path.join(dir, 'features.db'));
      if (!makeReadOnly(file))
        throw new Error('running as root without CAP_LINUX_IMMUTABLE: cannot make a file read-only here');
      return file;
    },
    code: 'READ_ONLY',
    message: /read-only; nothing was written/,
  },
];

/** The database's bytes and those of any side file: `-wal` may appear (empty) but nothing may be written. */
function fingerprint(file: string): string {
  if (!existsSync(file) || statSync(file).isDirectory()) return `${existsSync(file)}`;
  const wal = `${file}-wal`;
  const walBytes = existsSync(wal) ? statSync(wal).size : 0;
  return `${sha256(file)}:${walBytes}`;
}

describe('bad database files: typed error, clear message, bytes untouched', () => {
  it.each(cases)('library: $name', (c) => {
    const file = c.make(tempDir());
    const before = fingerprint(file);
    let error: unknown;
    try {
      const db = openDatabase({ file });
      try {
        upgradeDatabase(db, 'features');
      } finally {
        db.close();
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ForgeDbError);
    expect((error as ForgeDbError).code).toBe(c.code);
    expect((error as Error).message).toMatch(c.message);
    expect((error as Error).message).toContain(file);
    expect(fingerprint(file)).toBe(before);
  });

  it.each(cases.flatMap((c) => ['migrate', 'verify', 'backup'].map((command) => ({ ...c, command }))))(
    'CLI $command --db: $name -> exit 1',
    async (c) => {
      const dir = tempDir();
      const file = c.make(dir);
      const before = fingerprint(file);
      const entriesBefore = readdirSync(dir).filter((n) => !n.endsWith('-shm') && !n.endsWith('-wal'));
      const run = await runCli([c.command, '--db', file]);
      // A read-only file can be verified and backed up elsewhere; only writing to it must fail.
      const readOnlyFine = c.code === 'READ_ONLY' && c.command !== 'migrate';
      if (readOnlyFine) {
        // verify reports the legacy file's pending upgrade (exit 1, problems found), backup copies it
        // (exit 0); neither refuses the file for being read-only.
        const output = run.stdout + run.stderr;
        expect(run.code, output).toBe(c.command === 'verify' ? 1 : 0);
        if (c.command === 'verify') expect(output).toContain('PROBLEMS FOUND');
        expect(output).not.toMatch(c.message);
      } else {
        expect(run.code, run.stdout + run.stderr).toBe(1);
        expect(run.stderr).toMatch(c.message);
        expect(run.stderr).toContain(`forgedb ${c.command} failed`);
      }
      expect(fingerprint(file)).toBe(before);
      if (c.command !== 'backup' || !readOnlyFine) {
        expect(readdirSync(dir).filter((n) => !n.endsWith('-shm') && !n.endsWith('-wal'))).toEqual(
          entriesBefore,
        );
      }
    },
  );

  it('verify reports a corrupt file as a problem (exit 1), never as healthy', async () => {
    const dir = tempDir();
    const file = cases[4]!.make(dir);
    const before = fingerprint(file);
    const report = (() => {
      try {
        const db = openDatabase({ file });
        try {
          return verifyDatabase(db, 'features');
        } finally {
          db.close();
        }
      } catch (e) {
        return e;
      }
    })();
    if (report instanceof Error) expect(report).toBeInstanceOf(ForgeDbError);
    else expect(JSON.stringify(report)).toMatch(/malformed|corrupt|integrity/i);
    expect(fingerprint(file)).toBe(before);
  });
});

interface RowCase {
  name: string;
  /** SQL another tool ran on a project with features 1..5 (a chain; 1, 3 and 5 passing). */
  sql: string;
  args: (dir: string) => string[];
  exit: 0 | 1 | 2;
  /** What stdout and stderr together must say, and must not. */
  says: RegExp;
  never?: RegExp;
  /** A command that changes the queue (a claim, new features); every other leaves the data as it was. */
  writes?: boolean;
}

const FAR = `INSERT INTO features (id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input)
  VALUES (9007199254740993, 0, 'c', 'far', 'd', '["s"]', 0, 0, NULL, 0)`;
const BLOB_NAMES = `UPDATE features SET name = x'68c3a96c6c6f' WHERE id = 2; UPDATE features SET category = x'ff' WHERE id = 4`;
const arrays = (n: number) => '['.repeat(n) + ']'.repeat(n);
const DEEP = `UPDATE features SET steps = '["a", ${arrays(5000)}]', human_input_request = '{"f": ${arrays(20000)}}' WHERE id = 2`;
// A rounded far id would show as 9007199254740992.
const ROUNDED = /9007199254740992/;

const rowCases: RowCase[] = [
  {
    name: 'an id beyond 2^53: ready',
    sql: FAR,
    args: () => ['features', 'ready', '--json'],
    exit: 0,
    says: /"total_ready": 2/,
    never: ROUNDED,
  },
  {
    name: 'an id beyond 2^53: graph',
    sql: FAR,
    args: () => ['features', 'graph', '--json'],
    exit: 0,
    says: /"nodes"/,
    never: /900719925474099/,
  },
  {
    name: 'an id beyond 2^53: claim-next',
    sql: FAR,
    args: () => ['features', 'claim-next', '--agent', 'a'],
    exit: 0,
    says: /Claimed feature 2 /,
    writes: true,
  },
  {
    name: 'an id beyond 2^53: create-bulk reports the id it stored',
    sql: FAR,
    args: (dir) => {
      const bulk = path.join(dir, 'bulk.json');
      writeFileSync(bulk, JSON.stringify([{ category: 'c', name: 'new', description: 'd', steps: ['s'] }]));
      return ['features', 'create-bulk', '--file', bulk, '--json'];
    },
    exit: 0,
    says: /"id": 6,/,
    never: ROUNDED,
    writes: true,
  },
  {
    name: 'an id beyond 2^53: export-json',
    sql: FAR,
    args: () => ['export-json'],
    exit: 1,
    says: /feature 9007199254740993\. An export would have to round them, so nothing was exported/,
  },
  {
    name: 'an id beyond 2^53: get it',
    sql: FAR,
    args: () => ['features', 'get', '9007199254740993'],
    exit: 2,
    says: /beyond 9007199254740991/,
  },
  {
    name: 'BLOB name and category: ready',
    sql: BLOB_NAMES,
    args: () => ['features', 'ready'],
    exit: 0,
    says: /héllo/,
    never: /is not a function/,
  },
  {
    name: 'BLOB name and category: graph',
    sql: BLOB_NAMES,
    args: () => ['features', 'graph', '--json'],
    exit: 0,
    says: /"name": "héllo"/,
  },
  {
    name: 'BLOB name and category: claim-next',
    sql: BLOB_NAMES,
    args: () => ['features', 'claim-next', '--agent', 'a'],
    exit: 0,
    says: /Claimed feature 2 "héllo"/,
    writes: true,
  },
  {
    name: 'BLOB name and category: export-json',
    sql: BLOB_NAMES,
    args: () => ['export-json'],
    exit: 0,
    says: /Exported 5 feature/,
  },
  {
    name: 'BLOB name and category: get',
    sql: BLOB_NAMES,
    args: () => ['features', 'get', '4', '--json'],
    exit: 0,
    says: /"category": "x'ff'"/,
  },
  {
    name: 'JSON nested 5000+ deep: get',
    sql: DEEP,
    args: () => ['features', 'get', '2', '--json'],
    exit: 0,
    says: /"steps": \[\],[\s\S]*"human_input_request": null/,
    never: /call stack/,
  },
  {
    name: 'JSON nested 5000+ deep: ready',
    sql: DEEP,
    args: () => ['features', 'ready', '--json'],
    exit: 0,
    says: /"total_ready": 2/,
  },
  {
    name: 'JSON nested 5000+ deep: export-json',
    sql: DEEP,
    args: () => ['export-json'],
    exit: 0,
    says: /Exported 5 feature/,
  },
];

describe('rows another tool wrote: readers keep working and never round an id', () => {
  it.each(rowCases)('$name', async (c) => {
    const { project, file } = makeProject(tempDir());
    const store = await openStore({ file, backup: false });
    await store.features.createBulk(
      [1, 2, 3, 4, 5].map((i) => ({
        category: 'c',
        name: `feature ${i}`,
        description: 'd',
        steps: ['s'],
        ...(i > 1 ? { depends_on_indices: [i - 2] } : {}),
      })),
    );
    for (const id of [1, 3, 5]) await store.features.markPassing(id);
    await store.close();
    const db = new Database(file);
    db.exec(c.sql);
    db.close();
    const before = databaseDigest(file);
    const run = await runCli([...c.args(project), '--project', project]);
    expect(run.code, run.stdout + run.stderr).toBe(c.exit);
    expect(run.stdout + run.stderr).toMatch(c.says);
    if (c.never) expect(run.stdout + run.stderr).not.toMatch(c.never);
    if (!c.writes) expect(databaseDigest(file)).toBe(before);
  });
});

describe('missing places: clear error, nothing created', () => {
  it.each([
    {
      name: 'migrate --project of a missing directory',
      args: (d: string) => ['migrate', '--project', path.join(d, 'nope')],
    },
    {
      name: 'import-json --project of a missing directory',
      args: (d: string) => ['import-json', '--project', path.join(d, 'nope')],
    },
    {
      name: 'export-json --project of a missing directory',
      args: (d: string) => ['export-json', '--project', path.join(d, 'nope')],
    },
    {
      name: 'verify --db in a missing directory',
      args: (d: string) => ['verify', '--db', path.join(d, 'nope', 'x', 'features.db')],
    },
    {
      name: 'status --db in a missing directory',
      args: (d: string) => ['status', '--db', path.join(d, 'nope', 'x', 'features.db')],
    },
    {
      name: 'migrate --db in a missing directory',
      args: (d: string) => ['migrate', '--db', path.join(d, 'nope', 'x', 'features.db')],
    },
    {
      name: 'backup --db of a missing file',
      args: (d: string) => ['backup', '--db', path.join(d, 'nope', 'features.db')],
    },
  ])('$name -> exit 1, names the path, creates nothing', async (c) => {
    const dir = tempDir();
    const run = await runCli(c.args(dir));
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toContain(path.join(dir, 'nope'));
    expect(run.stderr).toMatch(/does not exist|no such file|not found|missing/i);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the library refuses a missing file when told it must exist, and creates nothing', () => {
    const dir = tempDir();
    const file = path.join(dir, 'nope', 'features.db');
    expect(() => openDatabase({ file }, { mustExist: true })).toThrow(ForgeDbError);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a read-only current-shape project', () => {
  const readOnlyProject = () => {
    const project = path.join(tempDir(), 'project');
    const file = makeCurrentFile(path.join(project, '.autoforge', 'features.db'), 50);
    if (!makeReadOnly(file))
      throw new Error('running as root without CAP_LINUX_IMMUTABLE: cannot make a file read-only here');
    return { project, file };
  };

  it('openStore refuses it with READ_ONLY and writes nothing', async () => {
    const { project, file } = readOnlyProject();
    const before = treeChecksum(project);
    const error = await openStore({ projectDir: project }).then(
      async (store) => {
        await store.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ForgeDbError);
    expect((error as ForgeDbError).code).toBe('READ_ONLY');
    expect((error as Error).message).toContain(file);
    expect(treeChecksum(project)).toBe(before);
  });

  it.each([
    ['features', 'claim', '1'],
    ['features', 'skip', '2'],
  ])('forgedb %s ... on it -> exit 1 naming the file, nothing written', async (...args: string[]) => {
    const { project, file } = readOnlyProject();
    const before = treeChecksum(project);
    const run = await runCli([...args, '--project', project]);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(/read-only/);
    expect(treeChecksum(project)).toBe(before);
  });

  it('forgedb import-json into its empty, read-only features.db -> exit 1, the list not renamed', async () => {
    const { project, file } = makeProject(tempDir());
    writeFileSync(path.join(project, 'feature_list.json'), JSON.stringify([{ name: 'a' }, { name: 'b' }]));
    if (!makeReadOnly(file))
      throw new Error('running as root without CAP_LINUX_IMMUTABLE: cannot make a file read-only here');
    const before = treeChecksum(project);
    const run = await runCli(['import-json', '--project', project]);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toMatch(/read-only/);
    expect(treeChecksum(project)).toBe(before);
  });
});
