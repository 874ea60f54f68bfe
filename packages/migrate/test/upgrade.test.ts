import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotADatabaseError, openDatabase } from '@forgedb/db-core/sqlite';
import { SchemaError } from '@forgedb/db-core';
import { OLDEST_FEATURES_DDL, sha256, tempDir } from '@forgedb/test-utils';
import {
  inspectDatabase,
  listBackups,
  readHistory,
  upgradeDatabase,
  verifyDatabase,
} from '../src/sqlite/index.js';
import { appendMigration, copyFeaturesFolder, REBUILD_SCHEDULES } from './migration-folders.js';
import { columnsOf, copyFixture, dumpTable, makeOldestFile, shippedTags } from './legacy.js';

function upgradeFile(
  file: string,
  kind: 'features' | 'assistant' = 'features',
  options: { dryRun?: boolean; migrationsFolder?: string } = {},
) {
  // A dry run opens read-only, as the CLI does: not even the journal mode may change.
  const db = openDatabase({ file }, { readonly: options.dryRun ?? false });
  try {
    return upgradeDatabase(db, kind, options);
  } finally {
    db.close();
  }
}

function rawFile(ddl: string, seed: string): string {
  const file = path.join(tempDir(), 'features.db');
  const db = new Database(file);
  db.exec(ddl);
  db.exec(seed);
  db.close();
  return file;
}

describe('upgrading the legacy fixtures', () => {
  it.each([
    ['features-v1-oldest.db', 'features'],
    ['features-v7-schedules.db', 'features'],
    ['features-v18-current.db', 'features'],
    ['assistant-current.db', 'assistant'],
  ] as const)(
    '%s: keeps every row and value, adopts the baseline, and a second run changes nothing',
    (name, kind) => {
      const file = copyFixture(name);
      const tables =
        kind === 'features'
          ? ['features', 'schedules', 'schedule_overrides']
          : ['conversations', 'conversation_messages'];
      const before = Object.fromEntries(
        tables
          .filter((t) => columnsOf(file, t).length > 0)
          .map((t) => [t, { cols: columnsOf(file, t), rows: dumpTable(file, t) }]),
      );

      const result = upgradeFile(file, kind);
      expect(result.shapeBefore).toBe('legacy');
      expect(result.adopted).toBe('0000_baseline');
      expect(result.backup).not.toBeNull();
      expect(listBackups(file)).toHaveLength(1);

      for (const [table, { cols, rows }] of Object.entries(before)) {
        const after = dumpTable(file, table, cols);
        // The only value an upgrade may change: NULL booleans repaired to 0.
        const expected = rows.map((r) =>
          table === 'features' && r.passes === null ? { ...r, passes: 0 } : r,
        );
        expect(after).toEqual(expected);
      }

      const again = upgradeFile(file, kind);
      expect(again.changed).toBe(false);
      expect(listBackups(file)).toHaveLength(1);
      const db = openDatabase({ file });
      expect(inspectDatabase(db, kind).shape).toBe('current');
      expect(verifyDatabase(db, kind).ok).toBe(true);
      db.close();
    },
  );

  it('creates a new file from the migrations, with no backup of an empty file', () => {
    const file = path.join(tempDir(), 'new', 'features.db');
    const result = upgradeFile(file);
    expect(result.shapeBefore).toBe('empty');
    expect(shippedTags().slice(0, 3)).toEqual([
      '0000_baseline',
      '0001_claim_leases',
      '0002_lease_reset_trigger',
    ]);
    expect(result.applied).toEqual(shippedTags());
    expect(result.backup).toBeNull();
    expect(readHistory(new Database(file)).map((h) => h.method)).toEqual(shippedTags().map(() => 'applied'));
  });
});

describe('historical shapes (docs/contracts.md#every-older-shape)', () => {
  const base = `CREATE TABLE features (id INTEGER NOT NULL, priority INTEGER NOT NULL, category VARCHAR(100) NOT NULL,
    name VARCHAR(255) NOT NULL, description TEXT NOT NULL, steps JSON NOT NULL, passes BOOLEAN NOT NULL, PRIMARY KEY (id));`;
  const seed = `INSERT INTO features (id, priority, category, name, description, steps, passes) VALUES
    (1, 1, 'ui', 'A', 'a', '["s"]', 0), (2, 2, 'ui', 'B', 'b', '["s"]', 1);`;

  const cases: [string, string, string, (file: string) => void][] = [
    [
      'in_progress added later by ALTER, nullable with NULLs',
      `${base} ALTER TABLE features ADD COLUMN in_progress BOOLEAN DEFAULT 0;`,
      `${seed} UPDATE features SET in_progress = NULL WHERE id = 1;`,
      (file) =>
        expect(dumpTable(file, 'features', ['id', 'in_progress'])).toEqual([
          { id: 1, in_progress: 0 },
          { id: 2, in_progress: 0 },
        ]),
    ],
    [
      'dependencies added by ALTER as TEXT DEFAULT NULL',
      `${base} ALTER TABLE features ADD COLUMN in_progress BOOLEAN DEFAULT 0; ALTER TABLE features ADD COLUMN dependencies TEXT DEFAULT NULL;`,
      `${seed} UPDATE features SET dependencies = '[1]' WHERE id = 2;`,
      (file) =>
        expect(dumpTable(file, 'features', ['id', 'dependencies'])).toEqual([
          { id: 1, dependencies: null },
          { id: 2, dependencies: '[1]' },
        ]),
    ],
    [
      'leftover testing columns with data',
      `${base} ALTER TABLE features ADD COLUMN testing_in_progress BOOLEAN DEFAULT 0; ALTER TABLE features ADD COLUMN last_tested_at DATETIME DEFAULT NULL;`,
      `${seed} UPDATE features SET testing_in_progress = 1, last_tested_at = '2025-01-02 03:04:05.123456' WHERE id = 1;`,
      (file) =>
        expect(dumpTable(file, 'features', ['id', 'testing_in_progress', 'last_tested_at'])).toEqual([
          { id: 1, testing_in_progress: 1, last_tested_at: '2025-01-02 03:04:05.123456' },
          { id: 2, testing_in_progress: 0, last_tested_at: null },
        ]),
    ],
    [
      'human-input columns added by ALTER',
      `${base} ALTER TABLE features ADD COLUMN needs_human_input BOOLEAN DEFAULT 0; ALTER TABLE features ADD COLUMN human_input_request TEXT DEFAULT NULL; ALTER TABLE features ADD COLUMN human_input_response TEXT DEFAULT NULL;`,
      `${seed} UPDATE features SET needs_human_input = 1, human_input_request = '{"prompt": "key?"}' WHERE id = 1;`,
      (file) =>
        expect(dumpTable(file, 'features', ['id', 'needs_human_input', 'human_input_request'])).toEqual([
          { id: 1, needs_human_input: 1, human_input_request: '{"prompt": "key?"}' },
          { id: 2, needs_human_input: 0, human_input_request: null },
        ]),
    ],
    [
      'schedules without max_concurrency, crash_count or CHECKs',
      `${base} CREATE TABLE schedules (id INTEGER NOT NULL, project_name VARCHAR(50) NOT NULL, start_time VARCHAR(5) NOT NULL,
        duration_minutes INTEGER NOT NULL, days_of_week INTEGER NOT NULL, enabled BOOLEAN NOT NULL, yolo_mode BOOLEAN NOT NULL,
        model VARCHAR(50), created_at DATETIME NOT NULL, PRIMARY KEY (id));
       CREATE TABLE schedule_overrides (id INTEGER NOT NULL, schedule_id INTEGER NOT NULL, override_type VARCHAR(10) NOT NULL,
        expires_at DATETIME NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (id), FOREIGN KEY(schedule_id) REFERENCES schedules (id) ON DELETE CASCADE);`,
      `${seed} INSERT INTO schedules VALUES (1, 'demo', '09:30', 120, 31, 1, 0, NULL, '2025-01-01 00:00:00.000001');
       INSERT INTO schedule_overrides VALUES (1, 1, 'start', '2025-01-02 00:00:00.000000', '2025-01-01 00:00:00.000002');`,
      (file) => {
        expect(dumpTable(file, 'schedules', ['id', 'max_concurrency', 'crash_count', 'created_at'])).toEqual([
          { id: 1, max_concurrency: 3, crash_count: 0, created_at: '2025-01-01 00:00:00.000001' },
        ]);
        expect(dumpTable(file, 'schedule_overrides')).toHaveLength(1);
      },
    ],
    [
      'malformed JSON cells are kept verbatim',
      `${base} ALTER TABLE features ADD COLUMN dependencies TEXT DEFAULT NULL;`,
      `${seed} UPDATE features SET steps = 'not json', dependencies = '[1, ' WHERE id = 2;`,
      (file) =>
        expect(dumpTable(file, 'features', ['id', 'steps', 'dependencies'])[1]).toEqual({
          id: 2,
          steps: 'not json',
          dependencies: '[1, ',
        }),
    ],
  ];

  it.each(cases)('%s', (_name, ddl, data, assertAfter) => {
    const file = rawFile(ddl, data);
    const result = upgradeFile(file);
    expect(result.changed).toBe(true);
    assertAfter(file);
    expect(upgradeFile(file).changed).toBe(false);
    const db = openDatabase({ file });
    const report = verifyDatabase(db, 'features');
    const schema = report.checks.find((c) => c.name === 'schema')!;
    expect(schema.problems).toEqual([]);
    db.close();
  });

  it('verify reports malformed JSON without failing reads', () => {
    const file = rawFile(base, `${seed} UPDATE features SET steps = '{oops' WHERE id = 1;`);
    upgradeFile(file);
    const db = openDatabase({ file });
    const report = verifyDatabase(db, 'features');
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'json cells')!.problems[0]).toMatch(
      /features\.steps: malformed JSON in id 1/,
    );
    db.close();
  });

  it('keeps orphan overrides the Python app left behind (it never enabled foreign keys), and verify reports them', () => {
    const file = copyFixture('features-v18-current.db');
    const raw = new Database(file);
    raw.pragma('foreign_keys = OFF');
    raw.exec(
      "INSERT INTO schedule_overrides VALUES (99, 4242, 'stop', '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000')",
    );
    raw.close();
    upgradeFile(file);
    expect(dumpTable(file, 'schedule_overrides').map((r) => r.id)).toContain(99);
    const db = openDatabase({ file });
    expect(verifyDatabase(db, 'features').checks.find((c) => c.name === 'orphan overrides')!.ok).toBe(false);
    db.close();
  });
});

describe('the runner owns migration semantics', () => {
  it('a dry run plans guards and SQL without touching the file', () => {
    const file = path.join(tempDir(), 'features.db');
    makeOldestFile(file, 10);
    const before = sha256(file);
    const result = upgradeFile(file, 'features', { dryRun: true });
    expect(result.plan.guards.map((g) => g.id)).toContain('add-column:features.in_progress');
    expect(result.plan.adoptBaseline).toBe('0000_baseline');
    expect(result.plan.migrations.map((m) => m.tag)).toEqual(shippedTags().slice(1));
    expect(result.changed).toBe(false);
    expect(sha256(file)).toBe(before);
    expect(listBackups(file)).toEqual([]);
  });

  it('applies an older migration merged after a newer one was applied (membership, not timestamp)', () => {
    const folder = copyFeaturesFolder();
    const file = path.join(tempDir(), 'features.db');
    upgradeFile(file, 'features', { migrationsFolder: folder });
    appendMigration(folder, '0002_late_branch', ['CREATE INDEX `ix_late` ON `features` (`category`);'], 1);
    const result = upgradeFile(file, 'features', { migrationsFolder: folder });
    expect(result.applied).toEqual(['0002_late_branch']);
  });

  it('refuses when an applied migration file was edited', () => {
    const folder = copyFeaturesFolder();
    const file = path.join(tempDir(), 'features.db');
    upgradeFile(file, 'features', { migrationsFolder: folder });
    const sqlFile = path.join(folder, '0001_claim_leases.sql');
    writeFileSync(sqlFile, `${readFileSync(sqlFile, 'utf8')}\n-- edited`);
    appendMigration(folder, '0002_next', ['CREATE INDEX `ix_next` ON `features` (`name`);']);
    expect(() => upgradeFile(file, 'features', { migrationsFolder: folder })).toThrow(
      /0001_claim_leases no longer match/,
    );
  });

  it('refuses a file upgraded by a newer forgedb, leaving it untouched', () => {
    const folder = copyFeaturesFolder();
    appendMigration(folder, '0002_future', ['CREATE INDEX `ix_future` ON `features` (`name`);']);
    const file = path.join(tempDir(), 'features.db');
    upgradeFile(file, 'features', { migrationsFolder: folder });
    const before = sha256(file);
    expect(() => upgradeFile(file)).toThrow(SchemaError);
    expect(sha256(file)).toBe(before);
  });

  it('rolls back a migration that would drop a column the file still holds', () => {
    const file = rawFile(
      `${OLDEST_FEATURES_DDL} ALTER TABLE features ADD COLUMN testing_in_progress BOOLEAN DEFAULT 0;`,
      "INSERT INTO features VALUES (1, 1, 'c', 'n', 'd', '[\"s\"]', 1, 1);",
    );
    upgradeFile(file);
    const folder = copyFeaturesFolder();
    appendMigration(folder, '0002_rebuild_features', [
      'CREATE TABLE `__new_features` AS SELECT id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input, human_input_request, human_input_response, claimed_by, claimed_at, lease_expires_at, claim_generation FROM features;',
      'DROP TABLE `features`;',
      'ALTER TABLE `__new_features` RENAME TO `features`;',
    ]);
    expect(() => upgradeFile(file, 'features', { migrationsFolder: folder })).toThrow(
      /drop column\(s\) testing_in_progress of features/,
    );
    expect(dumpTable(file, 'features', ['id', 'testing_in_progress'])).toEqual([
      { id: 1, testing_in_progress: 1 },
    ]);
  });

  it('closes the cascade trap: rebuilding schedules keeps every schedule_overrides row', () => {
    const file = copyFixture('features-v18-current.db');
    const raw = new Database(file);
    raw.exec(`INSERT INTO schedule_overrides (id, schedule_id, override_type, expires_at, created_at) VALUES
      (2, 1, 'stop', '2026-02-01 00:00:00.000000', '2026-01-01 00:00:00.000000'),
      (3, 1, 'start', '2026-03-01 00:00:00.000000', '2026-01-01 00:00:00.000000')`);
    raw.close();
    upgradeFile(file);
    const overrides = dumpTable(file, 'schedule_overrides');
    expect(overrides).toHaveLength(3);

    const folder = copyFeaturesFolder();
    appendMigration(folder, '0002_schedule_duration_check', REBUILD_SCHEDULES);
    const result = upgradeFile(file, 'features', { migrationsFolder: folder });
    expect(result.applied).toEqual(['0002_schedule_duration_check']);
    expect(dumpTable(file, 'schedule_overrides')).toEqual(overrides);

    // The same SQL run the way drizzle's stock migrator runs it (foreign keys on, pragma inside
    // the transaction) loses every child row: the trap the runner exists to avoid.
    const naive = copyFixture('features-v18-current.db');
    const db = new Database(naive);
    db.pragma('foreign_keys = ON');
    db.transaction(() => {
      for (const s of REBUILD_SCHEDULES) db.exec(s);
    })();
    expect(db.prepare('SELECT count(*) FROM schedule_overrides').pluck().get()).toBe(0);
    db.close();
  });

  it('rejects files that are not SQLite and unrelated databases, writing nothing', () => {
    const dir = tempDir();
    const text = path.join(dir, 'features.db');
    writeFileSync(text, 'this is not a database, just text that is long enough to have a header. '.repeat(3));
    const before = sha256(text);
    expect(() => upgradeFile(text)).toThrow(NotADatabaseError);
    expect(sha256(text)).toBe(before);

    const other = rawFile(
      'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);',
      'INSERT INTO invoices VALUES (1, 9.5);',
    );
    expect(() => upgradeFile(other)).toThrow(/none of a features\.db/);
    expect(columnsOf(other, 'features')).toEqual([]);
    expect(dumpTable(other, 'invoices')).toEqual([{ id: 1, total: 9.5 }]);
  });
});
