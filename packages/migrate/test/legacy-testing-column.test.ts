import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { sha256, tempDir } from '@forgedb/test-utils';
import { inspectDatabase, listBackups, upgradeDatabase, verifyDatabase } from '../src/sqlite/index.js';
import { planDefaultRepairs } from '../src/sqlite/missing-defaults.js';
import { migrationSetFor } from '../src/sqlite/upgrade.js';
import { TESTING_COLUMN_VARIANTS, makeTestingColumnFile, type Row } from './legacy.js';

/** What the current Python model's INSERT names: nothing else. */
const PYTHON_INSERT = `INSERT INTO features (priority, category, name, description, steps, passes, in_progress,
  dependencies, needs_human_input, human_input_request, human_input_response)
  VALUES (50, 'py', 'from python', 'd', '["a"]', 0, 0, NULL, 0, NULL, NULL)`;
/** What the Python model named before needs_human_input existed (the file's own era). */
const OLD_PYTHON_INSERT = `INSERT INTO features (priority, category, name, description, steps, passes, in_progress, dependencies)
  VALUES (50, 'py', 'from python', 'd', '["a"]', 0, 0, NULL)`;

function upgrade(file: string, options: { dryRun?: boolean } = {}) {
  const db = openDatabase({ file }, { readonly: options.dryRun ?? false });
  try {
    return upgradeDatabase(db, 'features', options);
  } finally {
    db.close();
  }
}

function verify(file: string) {
  const db = openDatabase({ file }, { readonly: true });
  try {
    return verifyDatabase(db, 'features');
  } finally {
    db.close();
  }
}

/** Everything the upgrade must keep: rows with their rowids, schema objects, table definitions. */
function snapshot(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const rows = (table: string) =>
      db.prepare(`SELECT rowid AS _rowid, * FROM "${table}" ORDER BY rowid`).all() as Row[];
    return {
      features: rows('features'),
      audit: rows('feature_audit'),
      schedules: rows('schedules'),
      overrides: rows('schedule_overrides'),
      objects: db
        .prepare(
          "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type <> 'table' ORDER BY type, name",
        )
        .all() as Row[],
      columns: db.prepare('PRAGMA table_info(features)').all() as Row[],
    };
  } finally {
    db.close();
  }
}

function tryInsert(file: string, sql: string): string {
  const db = new Database(file);
  try {
    db.prepare(sql).run();
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  } finally {
    db.close();
  }
}

describe.each(TESTING_COLUMN_VARIANTS)(
  'a file made by Python variant %s (testing_in_progress NOT NULL, no default)',
  (variant) => {
    const make = () => makeTestingColumnFile(path.join(tempDir(), 'features.db'), variant);

    it('nobody can create a feature in it, and verify says so and names the repair', () => {
      const file = make();
      expect(tryInsert(file, OLD_PYTHON_INSERT)).toMatch(
        /NOT NULL constraint failed: features\.testing_in_progress/,
      );
      const check = verify(file).checks.find((c) => c.name === 'column defaults');
      expect(check?.ok).toBe(false);
      expect(check?.problems).toEqual([
        expect.stringMatching(
          /^features\.testing_in_progress \(BOOLEAN\) is NOT NULL without a default.*every INSERT of a new row fails; forgedb migrate repairs it \(DEFAULT 0/,
        ),
      ]);
    });

    it('migrate gives it DEFAULT 0 keeping every row, rowid, value, index, trigger, view and user column', () => {
      const file = make();
      const before = snapshot(file);
      const result = upgrade(file);
      expect(result.guardsApplied[0]).toBe('set-default:features.testing_in_progress');
      expect(result.backup).not.toBeNull();
      expect(listBackups(file)).toHaveLength(1);

      const after = snapshot(file);
      const keep = (rows: Row[], cols: string[]) =>
        rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c]])));
      const oldColumns = Object.keys(before.features[0]!);
      expect(keep(after.features, oldColumns)).toEqual(before.features);
      expect(after.audit).toEqual(before.audit);
      expect(after.schedules.map((r) => keep([r], Object.keys(before.schedules[0]!))[0])).toEqual(
        before.schedules,
      );
      expect(after.overrides).toEqual(before.overrides);

      // Each old column keeps its definition; testing_in_progress only gains its default.
      const oldDefinitions = before.columns.map((c) =>
        c.name === 'testing_in_progress' ? { ...c, dflt_value: '0' } : c,
      );
      expect(after.columns.slice(0, before.columns.length)).toEqual(oldDefinitions);

      // Every index, trigger and view survives byte for byte, except an ix_feature_status on the
      // old columns, which is recreated with the current ones.
      const objects = new Map(after.objects.map((o) => [o.name, o]));
      for (const o of before.objects) {
        if (o.name === 'ix_feature_status') continue;
        expect(objects.get(o.name as string), String(o.name)).toEqual(o);
      }
      expect(objects.get('ix_features_testing_in_progress')).toBeDefined();
      expect(objects.get('features_audit_passes')?.type).toBe('trigger');
      expect(objects.get('features_under_test')?.type).toBe('view');

      const db = new Database(file);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(
        db.prepare("SELECT name FROM pragma_index_info('ix_feature_status') ORDER BY seqno").pluck().all(),
      ).toEqual(['passes', 'in_progress', 'needs_human_input']);
      // The user's trigger still fires.
      db.prepare('UPDATE features SET passes = 1 WHERE id = 1000').run();
      expect(db.prepare('SELECT source FROM feature_audit WHERE feature_id = 1000').pluck().all()).toEqual([
        'user trigger',
      ]);
      db.close();
    });

    it("after it, the Python model's INSERT succeeds, and a second migrate changes nothing", () => {
      const file = make();
      upgrade(file);
      expect(tryInsert(file, PYTHON_INSERT)).toBe('ok');
      expect(tryInsert(file, OLD_PYTHON_INSERT)).toBe('ok');
      const db = new Database(file, { readonly: true });
      expect(
        db.prepare("SELECT testing_in_progress, estimate FROM features WHERE category = 'py'").all(),
      ).toEqual([
        { testing_in_progress: 0, estimate: 3 },
        { testing_in_progress: 0, estimate: 3 },
      ]);
      db.close();

      const sum = sha256(file);
      const again = upgrade(file);
      expect(again.changed).toBe(false);
      expect(again.plan.guards).toEqual([]);
      expect(sha256(file)).toBe(sum);
      expect(listBackups(file)).toHaveLength(1);
      const report = verify(file);
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      const ro = openDatabase({ file }, { readonly: true });
      expect(inspectDatabase(ro, 'features').shape).toBe('current');
      ro.close();
    });

    it('a dry run shows the stored-schema edit and changes nothing', () => {
      const file = make();
      const sum = sha256(file);
      const result = upgrade(file, { dryRun: true });
      const guard = result.plan.guards.find((g) => g.id === 'set-default:features.testing_in_progress')!;
      expect(guard.description).toMatch(/give features\.testing_in_progress DEFAULT 0/);
      expect(guard.sql[0]).toBe('PRAGMA writable_schema = ON');
      expect(guard.sql[1]).toContain('testing_in_progress BOOLEAN NOT NULL DEFAULT 0, ');
      expect(guard.sql[2]).toMatch(/^PRAGMA schema_version = \d+$/);
      expect(guard.sql[3]).toBe('PRAGMA writable_schema = OFF');
      expect(sha256(file)).toBe(sum);
      expect(listBackups(file)).toEqual([]);
    });
  },
);

describe('the stored-schema edit is guarded', () => {
  it('refuses to write when the stored definition is no longer the one planned, and defensive mode is back on', () => {
    const file = makeTestingColumnFile(path.join(tempDir(), 'features.db'), 'a');
    const db = openDatabase({ file });
    const [guard] = planDefaultRepairs(db, migrationSetFor('features'));
    db.exec('ALTER TABLE features ADD COLUMN added_later TEXT');
    const before = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'features'").pluck().get();
    db.exec('BEGIN IMMEDIATE');
    expect(() => guard!.apply!(db)).toThrow(/definition of features .* changed while it was being repaired/);
    db.exec('ROLLBACK');
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'features'").pluck().get()).toBe(before);
    expect(() => db.prepare("UPDATE sqlite_master SET sql = sql WHERE name = 'features'").run()).toThrow(
      /may not be modified/,
    );
    expect(db.pragma('writable_schema', { simple: true })).toBe(0);
    db.close();
  });
});

describe('indexes are compared by columns and uniqueness, not by name', () => {
  it('variant b: verify reports ix_feature_status on (passes, in_progress), and migrate recreates it', () => {
    const file = makeTestingColumnFile(path.join(tempDir(), 'features.db'), 'b');
    const schema = verify(file).checks.find((c) => c.name === 'schema')!;
    expect(schema.problems).toContain(
      'index ix_feature_status on features covers (passes, in_progress), expected (passes, in_progress, needs_human_input) (forgedb migrate recreates it)',
    );
    const result = upgrade(file);
    expect(result.guardsApplied).toContain('recreate-index:ix_feature_status');
    expect(verify(file).checks.find((c) => c.name === 'schema')!.problems).toEqual([]);
  });

  it('an index of that name with the right columns but UNIQUE is recreated too; one on another table is reported, not dropped', () => {
    const file = makeTestingColumnFile(path.join(tempDir(), 'features.db'), 'a');
    const db = new Database(file);
    db.exec('DROP INDEX ix_features_id; CREATE UNIQUE INDEX ix_features_id ON features (id, priority)');
    db.exec('DROP INDEX ix_features_priority');
    db.exec('CREATE INDEX ix_features_priority ON schedules (start_time)');
    db.close();
    const problems = verify(file).checks.find((c) => c.name === 'schema')!.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'index ix_features_id on features covers (id, priority), expected (id); is UNIQUE, expected not unique (forgedb migrate recreates it)',
        'missing index ix_features_priority: the name is taken by an index on schedules (rename or drop that index, then run forgedb migrate)',
      ]),
    );
    const result = upgrade(file);
    expect(result.guardsApplied).toContain('recreate-index:ix_features_id');
    expect(result.guardsApplied).not.toContain('create-index:ix_features_priority');
    expect(upgrade(file).changed).toBe(false);
    const check = new Database(file, { readonly: true });
    expect(
      check.prepare("SELECT tbl_name FROM sqlite_master WHERE name = 'ix_features_priority'").pluck().get(),
    ).toBe('schedules');
    check.close();
  });
});

describe('other NOT NULL columns without a default', () => {
  /** A Python-era features table with `extra` column definitions, and one row whose extra values are `values`. */
  const file = (extra: string, values = '') => {
    const f = path.join(tempDir(), 'features.db');
    const db = new Database(f);
    db.exec(`CREATE TABLE features (
	id INTEGER NOT NULL, 
	priority INTEGER NOT NULL, 
	category VARCHAR(100) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description TEXT NOT NULL, 
	steps JSON NOT NULL, 
	passes BOOLEAN NOT NULL, 
	in_progress BOOLEAN NOT NULL, 
	dependencies JSON, 
	${extra}
	PRIMARY KEY (id)
);
INSERT INTO features VALUES (1, 1, 'c', 'n', 'd', '[]', 0, 0, NULL${values});`);
    db.close();
    return f;
  };

  it('quoted names, odd spacing and comments: only the named definitions change', () => {
    const f = file(
      `"Testing ""Flag""" bool   NOT NULL /* legacy */ , -- from an old model
	[review state] VARCHAR(20) NOT NULL CHECK (length([review state]) < 20) DEFAULT 'new',`,
      ", 1, 'x'",
    );
    const result = upgrade(f);
    expect(result.guardsApplied[0]).toBe('set-default:features.Testing "Flag"');
    const db = new Database(f);
    expect(db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get('features')).toContain(
      '"Testing ""Flag""" bool   NOT NULL DEFAULT 0 /* legacy */ , -- from an old model',
    );
    db.prepare(OLD_PYTHON_INSERT).run();
    expect(
      db.prepare(`SELECT id, name, "Testing ""Flag""", [review state] FROM features ORDER BY id`).raw().all(),
    ).toEqual([
      [1, 'n', 1, 'x'],
      [2, 'from python', 0, 'new'],
    ]);
    db.close();
  });

  it('forgedb does not guess a default for a column of another type: verify explains, migrate does the rest', () => {
    const f = file(
      'testing_in_progress BOOLEAN NOT NULL, \n\treviewed_at DATETIME NOT NULL, ',
      ", 1, '2025-01-01 00:00:00.000000'",
    );
    const result = upgrade(f);
    expect(result.guardsApplied).toContain('set-default:features.testing_in_progress');
    expect(result.guardsApplied.some((g) => g.includes('reviewed_at'))).toBe(false);
    expect(upgrade(f).changed).toBe(false);
    const check = verify(f).checks.find((c) => c.name === 'column defaults')!;
    expect(check.problems).toEqual([
      expect.stringMatching(
        /^features\.reviewed_at \(DATETIME\) is NOT NULL without a default.*forgedb does not guess a default for a DATETIME column it does not know\. Give it a default yourself/,
      ),
    ]);
  });

  it('passes and in_progress without defaults are fine: every current writer names them', () => {
    const f = file('');
    upgrade(f);
    expect(verify(f).checks.find((c) => c.name === 'column defaults')!.problems).toEqual([]);
  });
});
