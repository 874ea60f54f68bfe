import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { migratePg, PG_KINDS } from '@forgedb/migrate/pg';
import { createTestDatabase, pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import { loadMigrations } from '@forgedb/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, expectExit, forgedb, forgedbJson, tempDir, type CliRun } from './cli.js';

const template = {
  name: `forgedb_cli_${createHash('sha256')
    .update(PG_KINDS.flatMap((k) => loadMigrations(k, 'postgresql').map((m) => m.hash)).join(','))
    .digest('hex')
    .slice(0, 12)}`,
  prepare: async (url: string) => {
    await migratePg({ database: url });
  },
};

const TABLES = {
  'features.db': ['features', 'schedules', 'schedule_overrides'],
  'assistant.db': ['conversations', 'conversation_messages'],
} as const;
// The test server trusts every local connection, so any password connects; none may be printed.
const PASSWORD = 'pw-never-printed-7Qx';

let database: TestDatabase | undefined;
/** The test database's URL with a password in it, as a user would type one. */
const url = () => database!.url.replace('postgres://postgres@', `postgres://postgres:${PASSWORD}@`);

/** A project forgedb upgraded, with hostile cells: a user column, malformed JSON, a BLOB, DATETIME text of another shape. */
function sourceProject(): string {
  const dir = tempDir('forgedb-copy-src-');
  const features = copyFixture('features-v18-current.db', dir, '.autoforge/features.db');
  copyFixture('assistant-current.db', dir, '.autoforge/assistant.db');
  // Upgraded, so it has forgedb's claim columns too: claims, leases and generations travel as well.
  expectExit(forgedb(['migrate', '--project', dir]), 0);
  const db = new Database(features);
  db.exec(`
    ALTER TABLE features ADD COLUMN reviewer TEXT;
    UPDATE features SET reviewer = 'ann' WHERE id = (SELECT min(id) FROM features);
    INSERT INTO features (id, priority, category, name, description, steps, passes, in_progress, dependencies,
                          needs_human_input, human_input_request, claimed_at, claim_generation, reviewer)
      VALUES (90001, 5, 'odd', 'hostile ✓', x'00ff10', '[not json', 0, 0, '[1, 1, 1.0]', 1, '{"b": 1, "a": 2}',
              '2024-01-02T03:04:05Z', 7, 1.5);
  `);
  db.close();
  return dir;
}

/** Every stored cell of the source's tables, by SQLite itself (storage class and exact literal), in the source's columns. */
function storedCells(sourceDir: string, readDir = sourceDir): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [name, tables] of Object.entries(TABLES)) {
    const source = new Database(path.join(sourceDir, '.autoforge', name), { readonly: true });
    const read = new Database(path.join(readDir, '.autoforge', name), { readonly: true });
    try {
      for (const table of tables) {
        const columns = (
          source.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]
        ).map((c) => c.name);
        if (columns.length === 0) continue;
        const select = columns.map((c) => `typeof("${c}"), quote("${c}")`).join(', ');
        out[table] = read.prepare(`SELECT ${select} FROM "${table}" ORDER BY id`).raw().all();
      }
    } finally {
      source.close();
      read.close();
    }
  }
  return out;
}

function expectNoPassword(...runs: CliRun[]): void {
  for (const r of runs) expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
}

describe.skipIf(pgSkipped())('forgedb copy', () => {
  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'forgedb_cli_copy', template });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('SQLite -> PostgreSQL -> SQLite gives back every stored value, and says so in --json', () => {
    const source = sourceProject();
    const there = forgedbJson(['copy', '--from', source, '--to', url(), '--project-name', 'round-trip']);
    expectExit(there, 0);
    expect(there.json).toMatchObject({ ok: true, project: 'round-trip', verified: true });
    expect(there.json.to).toContain('project round-trip');
    const counts = there.json.counts as Record<string, number>;
    expect(counts.features).toBeGreaterThan(1);
    expect(Object.keys(counts)).toEqual(Object.values(TABLES).flat());

    const back = tempDir('forgedb-copy-back-');
    const home = forgedbJson(['copy', '--from', url(), '--project-name', 'round-trip', '--to', back]);
    expectExit(home, 0);
    expect(home.json).toMatchObject({ ok: true, verified: true, counts });
    expect(storedCells(source, back)).toEqual(storedCells(source));
    expectNoPassword(there, home);
  });

  it('refuses a target that holds data without --replace, changing nothing, and replaces it with it', () => {
    const source = sourceProject();
    const first = forgedb(['copy', '--from', source, '--to', url(), '--project-name', 'twice']);
    expectExit(first, 0);
    expect(first.stdout).toMatch(/^Copied \d+ row\(s\) from .* to .*project twice .*verified/);

    const again = forgedb(['copy', '--from', source, '--to', url(), '--project-name', 'twice']);
    expectExit(again, 1);
    expect(again.stderr).toContain('forgedb copy failed: Project "twice"');
    expect(again.stderr).toContain('already holds data; pass --replace to replace it. Nothing was changed.');
    const againJson = forgedbJson(['copy', '--from', source, '--to', url(), '--project-name', 'twice']);
    expectExit(againJson, 1);
    expect(againJson.json).toMatchObject({ ok: false, error: { code: 'CONFLICT', reason: 'target_exists' } });
    expectExit(forgedb(['copy', '--from', source, '--to', url(), '--project-name', 'twice', '--replace']), 0);

    const back = tempDir('forgedb-copy-back-');
    expectExit(forgedb(['copy', '--from', url(), '--project-name', 'twice', '--to', back]), 0);
    const before = storedCells(source, back);
    const refused = forgedb(['copy', '--from', url(), '--project-name', 'twice', '--to', back]);
    expectExit(refused, 1);
    expect(refused.stderr).toMatch(
      /features\.db and .*assistant\.db already exist; pass --replace to replace them\. Nothing was changed\./,
    );
    expect(storedCells(source, back)).toEqual(before);
    expectExit(forgedb(['copy', '--from', url(), '--project-name', 'twice', '--to', back, '--replace']), 0);
    expect(storedCells(source, back)).toEqual(storedCells(source));
    expectNoPassword(first, again, againJson, refused);
  });

  it('URL -> URL needs --to-project-name, and copies between projects with it', () => {
    const source = sourceProject();
    expectExit(forgedb(['copy', '--from', source, '--to', url(), '--project-name', 'origin']), 0);
    const missing = forgedb(['copy', '--from', url(), '--project-name', 'origin', '--to', url()]);
    expectExit(missing, 2);
    expect(missing.stderr).toContain('copy from one URL to another needs --to-project-name NAME');
    const copied = forgedbJson([
      'copy',
      '--from',
      url(),
      '--project-name',
      'origin',
      '--to',
      url(),
      '--to-project-name',
      'clone',
    ]);
    expectExit(copied, 0);
    expect(copied.json).toMatchObject({ ok: true, project: 'clone', verified: true });
    const back = tempDir('forgedb-copy-back-');
    expectExit(forgedb(['copy', '--from', url(), '--project-name', 'clone', '--to', back]), 0);
    expect(storedCells(source, back)).toEqual(storedCells(source));
    expectNoPassword(missing, copied);
  });

  it('usage errors exit 2, and a failure to connect names the server without its password', () => {
    const source = sourceProject();
    const neither = forgedb(['copy', '--from', source, '--to', tempDir('forgedb-copy-x-')]);
    expectExit(neither, 2);
    expect(neither.stderr).toContain('one of --from and --to must be a postgres:// URL');
    const noProject = forgedb(['copy', '--from', url(), '--to', tempDir('forgedb-copy-x-')]);
    expectExit(noProject, 2);
    expect(noProject.stderr).toContain('copy --from URL needs --project-name NAME');

    const closed = `postgres://postgres:${PASSWORD}@127.0.0.1:1/nowhere`;
    const unreachable = forgedbJson(['copy', '--from', source, '--to', closed, '--project-name', 'p']);
    expectExit(unreachable, 1);
    expect(unreachable.json).toMatchObject({ ok: false });
    expect(unreachable.stderr).toContain('127.0.0.1:1');
    const unknown = forgedb([
      'copy',
      '--from',
      url(),
      '--project-name',
      'no-such-project',
      '--to',
      tempDir('forgedb-copy-x-'),
    ]);
    expectExit(unknown, 1);
    expect(unknown.stderr).toContain('"no-such-project"');
    expectNoPassword(neither, noProject, unreachable, unknown);
    expect(existsSync(path.join(source, '.autoforge', 'features.db'))).toBe(true);
  });
});
