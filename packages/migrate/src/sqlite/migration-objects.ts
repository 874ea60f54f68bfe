import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { Guard } from './guards.js';
import { listTables, quoteIdent } from './introspect.js';
import { normaliseSql } from './normalise-sql.js';
import type { MigrationSet } from './snapshot.js';

/**
 * What the applied migrations left in the file besides the baseline's tables, columns and indexes
 * (which guards.ts checks): triggers, and tables added later with the rows they are seeded with.
 * Read from the migrations' own statements, replayed in order, so nothing here is a hand-kept copy.
 */
interface ExpectedObjects {
  triggers: Map<string, { sql: string; tag: string }>;
  /** Triggers a migration dropped and none re-created. */
  dropped: Map<string, string>;
  tables: Map<string, { sql: string; seeds: string[]; tag: string }>;
}

const NAME = '[`"[]?(\\w+)[`"\\]]?';
const CREATE_TRIGGER = new RegExp(`^CREATE\\s+TRIGGER\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${NAME}`, 'i');
const DROP_TRIGGER = new RegExp(`^DROP\\s+TRIGGER\\s+(?:IF\\s+EXISTS\\s+)?${NAME}`, 'i');
const CREATE_TABLE = new RegExp(`^CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${NAME}\\s*\\(`, 'i');
const INSERT_INTO = new RegExp(`^INSERT\\s+(?:OR\\s+\\w+\\s+)?INTO\\s+${NAME}`, 'i');

function expectedObjects(set: MigrationSet, appliedTags: ReadonlySet<string>): ExpectedObjects {
  const expected: ExpectedObjects = { triggers: new Map(), dropped: new Map(), tables: new Map() };
  for (const m of set.migrations) {
    if (!appliedTags.has(m.tag)) continue;
    for (const statement of m.statements) {
      const sql = statement.replace(/;\s*$/, '');
      let match: RegExpExecArray | null;
      if ((match = CREATE_TRIGGER.exec(sql))) {
        expected.triggers.set(match[1]!, { sql, tag: m.tag });
        expected.dropped.delete(match[1]!);
      } else if ((match = DROP_TRIGGER.exec(sql))) {
        if (expected.triggers.delete(match[1]!)) expected.dropped.set(match[1]!, m.tag);
      } else if ((match = CREATE_TABLE.exec(sql))) {
        // Only tables the latest schema has and the baseline does not: the baseline's are guarded
        // column by column, and a rebuild's temporary `__new_x` table is renamed away.
        const name = match[1]!;
        if (set.latest.has(name) && !set.baseline.has(name))
          expected.tables.set(name, { sql, seeds: [], tag: m.tag });
      } else if ((match = INSERT_INTO.exec(sql))) {
        const table = expected.tables.get(match[1]!);
        if (table?.tag === m.tag) table.seeds.push(sql);
      }
    }
  }
  return expected;
}

/** A difference from what the applied migrations created, and the guard that repairs it. */
export interface ObjectDrift {
  problem: string;
  guard: Guard;
}

/**
 * Compares the file's triggers and added tables with what its applied migrations created. Every
 * difference comes with a guard, so `forgedb migrate` repairs what `forgedb verify` reports, also on
 * a file whose history says it is current (a dropped or edited trigger, an emptied state table).
 */
export function migrationObjectDrift(
  db: SqliteDatabase,
  set: MigrationSet,
  appliedTags: ReadonlySet<string>,
): ObjectDrift[] {
  const expected = expectedObjects(set, appliedTags);
  const drift: ObjectDrift[] = [];
  const present = new Set(listTables(db));
  for (const [name, t] of expected.tables) {
    const seeds = t.seeds.length > 0 ? ` and its seed row(s)` : '';
    if (!present.has(name)) {
      drift.push({
        problem: `table ${name} (created by ${t.tag}) is missing`,
        guard: {
          id: `create-table:${name}`,
          description: `create missing table ${name}${seeds} (as ${t.tag} does)`,
          sql: [t.sql, ...t.seeds],
        },
      });
    } else if (
      t.seeds.length > 0 &&
      db.prepare(`SELECT 1 FROM ${quoteIdent(name)} LIMIT 1`).get() === undefined
    ) {
      drift.push({
        problem: `table ${name} is empty; ${t.tag} seeds it`,
        guard: {
          id: `seed-table:${name}`,
          description: `seed empty table ${name} (as ${t.tag} does)`,
          sql: t.seeds,
        },
      });
    }
  }
  const actual = new Map(
    (
      db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as {
        name: string;
        sql: string | null;
      }[]
    ).map((r) => [r.name, r.sql ?? '']),
  );
  for (const [name, t] of expected.triggers) {
    const current = actual.get(name);
    if (current !== undefined && normaliseSql(current) === normaliseSql(t.sql)) continue;
    const state = current === undefined ? 'is missing' : `differs from what ${t.tag} creates`;
    drift.push({
      problem: `trigger ${name} ${state}`,
      guard: {
        id: `restore-trigger:${name}`,
        description: `restore trigger ${name} (${current === undefined ? 'missing' : 'altered'}; as ${t.tag} creates it)`,
        sql: [`DROP TRIGGER IF EXISTS ${quoteIdent(name)}`, t.sql],
      },
    });
  }
  for (const [name, tag] of expected.dropped) {
    if (!actual.has(name)) continue;
    drift.push({
      problem: `trigger ${name} is present, but ${tag} dropped it`,
      guard: {
        id: `drop-trigger:${name}`,
        description: `drop trigger ${name} (${tag} replaced it)`,
        sql: [`DROP TRIGGER IF EXISTS ${quoteIdent(name)}`],
      },
    });
  }
  return drift;
}
