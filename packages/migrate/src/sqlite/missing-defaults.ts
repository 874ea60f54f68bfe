import Database from 'better-sqlite3';
import { SchemaError } from '@forgedb/db-core';
import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import { appendToColumnDefinitions } from './column-definitions.js';
import type { Guard } from './guards.js';
import { tableColumns, tableSql, type ActualColumn } from './introspect.js';
import type { MigrationSet } from './snapshot.js';

/** A NOT NULL column without a default that some current writer leaves out of its INSERTs. */
export interface MissingDefault {
  table: string;
  column: string;
  /** The declared type, as the file has it. */
  type: string;
  /** The default `forgedb migrate` gives it (SQL text), or null when it does not pick one. */
  repair: string | null;
  /** Why there is no repair; absent when there is one. */
  reason?: string;
}

interface TableRepair {
  table: string;
  columns: MissingDefault[];
  before: string;
  after: string;
}

const isBoolean = (type: string) => /^BOOL(EAN)?$/i.test(type.trim());

/** `id INTEGER ... PRIMARY KEY` is the rowid: an INSERT that leaves it out gets the next id. */
function isRowidAlias(c: ActualColumn, columns: ActualColumn[]): boolean {
  return c.pk === 1 && c.type.toUpperCase() === 'INTEGER' && columns.filter((x) => x.pk > 0).length === 1;
}

const sqlText = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Checks the edited statement on a scratch in-memory database before the file is touched: the
 * table it creates must have exactly the file's columns, types and NOT NULLs, and differ only in
 * the defaults being added. Returns what is wrong, or null.
 */
function editProblem(after: string, actual: ActualColumn[], defaults: Map<string, string>): string | null {
  const scratch = new Database(':memory:');
  try {
    scratch.exec(after);
    const table = scratch
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .get() as string;
    const edited = tableColumns(scratch, table);
    const same =
      edited.length === actual.length &&
      edited.every((e, i) => {
        const a = actual[i]!;
        const dflt = defaults.get(a.name.toLowerCase()) ?? a.dflt_value;
        return (
          e.name === a.name &&
          e.type === a.type &&
          e.notnull === a.notnull &&
          e.pk === a.pk &&
          e.dflt_value === dflt
        );
      });
    return same ? null : 'the edited definition would change more than the defaults';
  } catch (error) {
    return `the edited definition does not parse (${(error as Error).message})`;
  } finally {
    scratch.close();
  }
}

/**
 * The tables that have a NOT NULL column without a default outside `named`, in one query: on a
 * current file (the common case, checked on every open) that is all the work there is.
 */
function tablesToExamine(db: SqliteDatabase, named: [string, string][]): Set<string> {
  const pairs = named
    .map(([t, c]) => `(${sqlText(t.toLowerCase())}, ${sqlText(c.toLowerCase())})`)
    .join(', ');
  return new Set(
    db
      .prepare(
        `SELECT DISTINCT m.name FROM sqlite_master AS m, pragma_table_info(m.name) AS c
          WHERE m.type = 'table' AND c."notnull" = 1 AND c.dflt_value IS NULL
            ${pairs ? `AND (lower(m.name), lower(c.name)) NOT IN (VALUES ${pairs})` : ''}`,
      )
      .pluck()
      .all() as string[],
  );
}

/**
 * The baseline is the Python model's shape. Every column it requires is named by each current
 * writer's INSERT (the Python app's, and forgedb's create, createBulk and import), so only the
 * others (leftovers like testing_in_progress, user columns, later forgedb columns) can block one.
 */
function namedByEveryWriter(set: MigrationSet): [string, string][] {
  return [...set.baseline.values()].flatMap((t) =>
    t.columns.filter((c) => c.notNull).map((c): [string, string] => [t.name, c.name]),
  );
}

function analyse(
  db: SqliteDatabase,
  set: MigrationSet,
): { columns: MissingDefault[]; repairs: TableRepair[] } {
  const columns: MissingDefault[] = [];
  const repairs: TableRepair[] = [];
  const writers = namedByEveryWriter(set);
  const examine = tablesToExamine(db, writers);
  for (const latest of set.latest.values()) {
    // Tables a later forgedb migration added (its lease state) have one writer, forgedb, whose
    // INSERTs name every column; only the Python model's tables have writers that may not.
    if (!set.baseline.has(latest.name) || !examine.has(latest.name)) continue;
    const actual = tableColumns(db, latest.name);
    const named = new Set(writers.filter(([t]) => t === latest.name).map(([, c]) => c.toLowerCase()));
    const found: MissingDefault[] = [];
    for (const c of actual) {
      if (c.notnull === 0 || c.dflt_value !== null || isRowidAlias(c, actual)) continue;
      if (named.has(c.name.toLowerCase())) continue;
      const known = latest.columns.find((k) => k.name === c.name);
      const repair = known?.default !== undefined ? String(known.default) : isBoolean(c.type) ? '0' : null;
      found.push({
        table: latest.name,
        column: c.name,
        type: c.type,
        repair,
        ...(repair === null
          ? {
              reason: `forgedb does not guess a default for a ${c.type || 'typeless'} column ${
                known ? 'the schema gives none' : 'it does not know'
              }`,
            }
          : {}),
      });
    }
    const repairable = found.filter((f) => f.repair !== null);
    if (repairable.length > 0) {
      const before = tableSql(db, latest.name);
      const defaults = new Map(repairable.map((f) => [f.column.toLowerCase(), f.repair!]));
      let after: string | null = null;
      let problem: string | null;
      try {
        after = appendToColumnDefinitions(
          before,
          new Map(repairable.map((f) => [f.column, `DEFAULT ${f.repair!}`])),
        );
        problem = editProblem(after, actual, defaults);
      } catch (error) {
        problem = `its CREATE TABLE statement could not be read (${(error as Error).message})`;
      }
      if (problem !== null || after === null) {
        for (const f of repairable) {
          f.repair = null;
          f.reason = `forgedb cannot edit the definition of ${latest.name} safely: ${problem ?? 'unknown'}`;
        }
      } else {
        repairs.push({ table: latest.name, columns: repairable, before, after });
      }
    }
    columns.push(...found);
  }
  return { columns, repairs };
}

/**
 * NOT NULL columns without a default that a current writer does not name: every INSERT of a new
 * row by that writer fails. Files first created by the two Python versions that modelled
 * `testing_in_progress` have one (see docs/decisions/0005-legacy-not-null-repair.md).
 */
export function findMissingDefaults(db: SqliteDatabase, set: MigrationSet): MissingDefault[] {
  return analyse(db, set).columns;
}

/**
 * Guards that give such columns their default by editing the stored CREATE TABLE statement, the
 * procedure SQLite documents for changing a column's default (ALTER TABLE cannot): no row, index,
 * trigger or view is rewritten. They run first, because the statements they carry must match the
 * stored text, which a later ADD COLUMN changes.
 */
export function planDefaultRepairs(db: SqliteDatabase, set: MigrationSet): Guard[] {
  const { repairs } = analyse(db, set);
  if (repairs.length === 0) return [];
  let version = db.pragma('schema_version', { simple: true }) as number;
  return repairs.map((r) => {
    version++;
    const list = r.columns.map((c) => `${r.table}.${c.column} DEFAULT ${c.repair!}`).join(', ');
    const update =
      `UPDATE sqlite_master SET sql = ${sqlText(r.after)} ` +
      `WHERE type = 'table' AND name = ${sqlText(r.table)} AND sql = ${sqlText(r.before)}`;
    const sql = [
      'PRAGMA writable_schema = ON',
      update,
      `PRAGMA schema_version = ${version}`,
      'PRAGMA writable_schema = OFF',
    ];
    return {
      id: `set-default:${r.columns.map((c) => `${r.table}.${c.column}`).join(',')}`,
      description:
        `give ${list} (NOT NULL without a default: every INSERT that leaves ` +
        `${r.columns.length === 1 ? 'it' : 'them'} out fails); no row is rewritten`,
      sql,
      apply: (target) => applyRepair(target, r, sql),
    };
  });
}

function applyRepair(db: SqliteDatabase, repair: TableRepair, sql: string[]): void {
  const expected = tableColumns(db, repair.table).map((c) => {
    const added = repair.columns.find((x) => x.column === c.name);
    return { ...c, dflt_value: added ? added.repair : c.dflt_value };
  });
  // better-sqlite3 opens every connection in SQLite's defensive mode, which refuses writes to
  // sqlite_master even with writable_schema on: lifted for these statements only.
  db.unsafeMode(true);
  try {
    db.exec(sql[0]!);
    if (db.prepare(sql[1]!).run().changes !== 1) {
      throw new SchemaError(
        `The definition of ${repair.table} in ${db.name} changed while it was being repaired. Rolled back; nothing was changed.`,
      );
    }
    db.exec(sql[2]!);
  } finally {
    db.exec(sql[3]!);
    db.unsafeMode(false);
  }
  const now = tableColumns(db, repair.table);
  const integrity = db.pragma('integrity_check', { simple: true });
  if (JSON.stringify(now) !== JSON.stringify(expected) || integrity !== 'ok') {
    throw new SchemaError(
      `Giving ${repair.columns.map((c) => `${repair.table}.${c.column}`).join(', ')} a default in ${db.name} ` +
        `did not produce the expected table (integrity_check: ${String(integrity)}). Rolled back; nothing was changed.`,
    );
  }
}

/** What verify says about one such column. */
export function describeMissingDefault(m: MissingDefault): string {
  const head =
    `${m.table}.${m.column} (${m.type || 'no type'}) is NOT NULL without a default, and a current ` +
    `writer (forgedb or the Python app) leaves it out: every INSERT of a new row fails`;
  return m.repair !== null
    ? `${head}; forgedb migrate repairs it (DEFAULT ${m.repair}, no row rewritten)`
    : `${head}; ${m.reason ?? ''}. Give it a default yourself (docs/migrations.md, "Missing defaults")`;
}
