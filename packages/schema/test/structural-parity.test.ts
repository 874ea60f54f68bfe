import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, writeTransaction, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { DatabaseKind } from '../src/files.js';
import { loadMigrations } from '../src/migrations/loader.js';

/*
 * A file created by our baseline migrations must be structurally identical to one made by the
 * current Python app: same tables, declared types, NOT NULL, primary keys, indexes, foreign keys
 * and CHECK names. Defaults are the one deliberate difference: the Python app applied them
 * client-side, we also declare them in the DDL, and they must equal the spec's defaults.
 */

const LEGACY = path.resolve(import.meta.dirname, '../../../fixtures/legacy');
const FIXTURES: Record<DatabaseKind, string> = {
  features: 'features-v18-current.db',
  assistant: 'assistant-current.db',
};

/** docs/contracts.md#3-what-the-files-hold: the defaults a column has; every other column has none. */
const SPEC_DEFAULTS: Record<string, Record<string, string>> = {
  features: { priority: '999', passes: '0', in_progress: '0', needs_human_input: '0' },
  schedules: { days_of_week: '127', enabled: '1', yolo_mode: '0', max_concurrency: '3', crash_count: '0' },
  schedule_overrides: {},
  conversations: {},
  conversation_messages: {},
};

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

function tables(db: SqliteDatabase): string[] {
  return (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__forgedb%' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
}

/** Everything structural about a table except defaults, in a comparable, order-stable form. */
function structure(db: SqliteDatabase, table: string) {
  const columns = (db.pragma(`table_info(${table})`) as ColumnInfo[]).map(({ name, type, notnull, pk }) => ({
    name,
    type,
    notnull,
    pk,
  }));
  const indexes = (
    db.pragma(`index_list(${table})`) as { name: string; unique: number; origin: string; partial: number }[]
  )
    .map((ix) => ({
      name: ix.name,
      unique: ix.unique,
      origin: ix.origin,
      partial: ix.partial,
      columns: (db.pragma(`index_info(${ix.name})`) as { seqno: number; name: string }[])
        .sort((a, b) => a.seqno - b.seqno)
        .map((c) => c.name),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const foreignKeys = (
    db.pragma(`foreign_key_list(${table})`) as {
      table: string;
      from: string;
      to: string;
      on_delete: string;
      on_update: string;
    }[]
  )
    .map(({ table: parent, from, to, on_delete, on_update }) => ({
      table: parent,
      from,
      to,
      on_delete,
      on_update,
    }))
    .sort((a, b) => a.from.localeCompare(b.from));
  const sql = (
    db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as {
      sql: string;
    }
  ).sql;
  const checks = [...sql.matchAll(/CONSTRAINT\s+["`]?(\w+)["`]?\s+CHECK/gi)].map((m) => m[1]).sort();
  return { columns, indexes, foreignKeys, checks };
}

function baselineDatabase(kind: DatabaseKind): SqliteDatabase {
  const db = openDatabase(':memory:');
  const baseline = loadMigrations(kind, 'sqlite').filter((m) => m.tag.startsWith('0000_'));
  expect(baseline).toHaveLength(1);
  writeTransaction(db, () => {
    for (const statement of baseline[0]!.statements) db.exec(statement);
  });
  return db;
}

describe.each(Object.entries(FIXTURES) as [DatabaseKind, string][])(
  '%s.db baseline vs the Python app (%s)',
  (kind, fixture) => {
    let dir: string;
    let ours: SqliteDatabase;
    let python: SqliteDatabase;

    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'forgedb-parity-'));
      const copy = path.join(dir, fixture);
      copyFileSync(path.join(LEGACY, fixture), copy);
      python = openDatabase({ file: copy }, { readonly: true });
      ours = baselineDatabase(kind);
    });

    afterAll(() => {
      python.close();
      ours.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('has the same tables', () => {
      expect(tables(ours)).toEqual(tables(python));
      expect(tables(ours).length).toBeGreaterThan(0);
    });

    it('has identical columns, types, NOT NULLs, primary keys, indexes, foreign keys and CHECK names', () => {
      for (const table of tables(python)) {
        expect({ table, ...structure(ours, table) }).toEqual({ table, ...structure(python, table) });
      }
    });

    it('declares exactly the spec defaults', () => {
      for (const table of tables(ours)) {
        const expected = SPEC_DEFAULTS[table];
        expect(expected, `spec defaults known for ${table}`).toBeDefined();
        const actual = Object.fromEntries(
          (ours.pragma(`table_info(${table})`) as ColumnInfo[])
            .filter((c) => c.dflt_value !== null)
            .map((c) => [c.name, c.dflt_value]),
        );
        expect(actual, table).toEqual(expected);
      }
    });
  },
);

describe('named CHECK constraints of schedules', () => {
  it('are the four the spec names, in both files', () => {
    const db = baselineDatabase('features');
    expect(structure(db, 'schedules').checks).toEqual([
      'ck_schedule_concurrency',
      'ck_schedule_crash_count',
      'ck_schedule_days',
      'ck_schedule_duration',
    ]);
    db.close();
  });
});
