import { mapSqliteError, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { DatabaseKind } from '@forgedb/schema';
import type { VerifyCheck, VerifyReport } from '../reports.js';
import { listIds, MAX_LISTED } from '../verify/list-ids.js';
import { findFeatureAnomalies } from './feature-findings.js';
import { indexMismatch, indexTable, indexesByTable } from './index-shape.js';
import { listTables, quoteIdent, tableColumns, tableSql } from './introspect.js';
import { describeMissingDefault, findMissingDefaults } from './missing-defaults.js';
import { computePlan, pendingTags } from './plan.js';
import { findUndecodableText } from './text-encoding.js';
import { migrationSetFor } from './upgrade.js';
import { verifyMigrationObjects } from './verify-migration-objects.js';

const JSON_COLUMNS: Record<DatabaseKind, Record<string, string[]>> = {
  features: { features: ['steps', 'dependencies', 'human_input_request', 'human_input_response'] },
  assistant: {},
};

function check(name: string, problems: string[], notes: string[] = []): VerifyCheck {
  return { name, ok: problems.length === 0, problems, notes };
}

/**
 * Read-only health report: what `forgedb verify` prints. A file too damaged to even run the
 * checks (SQLite reports SQLITE_CORRUPT) raises the typed NotADatabaseError instead.
 */
export function verifyDatabase(db: SqliteDatabase, kind: DatabaseKind): VerifyReport {
  try {
    return runChecks(db, kind);
  } catch (error) {
    throw mapSqliteError(error, db.name);
  }
}

function runChecks(db: SqliteDatabase, kind: DatabaseKind): VerifyReport {
  const set = migrationSetFor(kind);
  const checks: VerifyCheck[] = [];

  const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
  checks.push(
    check(
      'integrity',
      integrity.map((r) => r.integrity_check).filter((r) => r !== 'ok'),
    ),
  );

  const fk = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  checks.push(
    check(
      'foreign keys',
      fk.slice(0, MAX_LISTED).map((v) => `${v.table} row ${v.rowid} points to a missing ${v.parent} row`),
    ),
  );

  // Each table's columns, read once for the JSON, NULL-boolean and drift checks below.
  const columnsOf = new Map(
    listTables(db).map((t) => [t, new Map(tableColumns(db, t).map((c) => [c.name, c]))]),
  );
  const jsonProblems: string[] = [];
  for (const [table, cols] of Object.entries(JSON_COLUMNS[kind])) {
    const present = columnsOf.get(table);
    if (!present) continue;
    for (const col of cols.filter((c) => present.has(c))) {
      const ids = db
        .prepare(
          `SELECT CAST(id AS TEXT) FROM ${quoteIdent(table)} WHERE ${quoteIdent(col)} IS NOT NULL AND json_valid(${quoteIdent(col)}) = 0 ORDER BY id`,
        )
        .pluck()
        .all() as string[];
      if (ids.length > 0)
        jsonProblems.push(`${table}.${col}: malformed JSON in id ${listIds(ids)} (read as null)`);
    }
  }
  checks.push(check('json cells', jsonProblems));

  const nullProblems: string[] = [];
  for (const t of set.latest.values()) {
    const present = columnsOf.get(t.name);
    if (!present) continue;
    for (const c of t.columns.filter((c) => c.type === 'BOOLEAN' && present.has(c.name))) {
      const n = db
        .prepare(`SELECT count(*) FROM ${quoteIdent(t.name)} WHERE ${quoteIdent(c.name)} IS NULL`)
        .pluck()
        .get() as number;
      if (n > 0)
        nullProblems.push(
          `${t.name}.${c.name}: ${n} NULL value(s) (read as false; forgedb migrate repairs them)`,
        );
    }
  }
  checks.push(check('null booleans', nullProblems));

  checks.push(check('column defaults', findMissingDefaults(db, set).map(describeMissingDefault)));

  checks.push(
    check(
      'text encoding',
      findUndecodableText(db).map(
        (u) =>
          `${u.table}.${u.column}: invalid UTF-8 text in rowid ${listIds(u.rows)} ` +
          '(the Python app fails to read this table; rewrite or delete these values)',
      ),
    ),
  );

  if (kind === 'features' && columnsOf.has('schedule_overrides') && columnsOf.has('schedules')) {
    const orphans = db
      .prepare(
        'SELECT CAST(id AS TEXT) FROM schedule_overrides WHERE schedule_id NOT IN (SELECT id FROM schedules) ORDER BY id',
      )
      .pluck()
      .all() as string[];
    checks.push(
      check(
        'orphan overrides',
        orphans.length ? [`schedule_overrides id ${listIds(orphans)} belong to no schedule`] : [],
      ),
    );
  }

  const featureColumns = columnsOf.get('features');
  if (kind === 'features' && featureColumns) {
    const anomalies = findFeatureAnomalies(db, new Set(featureColumns.keys()));
    checks.push(check('feature ids', anomalies.ids));
    checks.push(check('priorities', anomalies.priorities));
    checks.push(check('dependencies', anomalies.dependencies));
  }

  const drift: string[] = [];
  const tolerated: string[] = [];
  const allIndexes = indexesByTable(db);
  for (const t of set.latest.values()) {
    const actual = columnsOf.get(t.name);
    if (!actual) {
      drift.push(`missing table ${t.name}`);
      continue;
    }
    for (const c of t.columns) {
      const a = actual.get(c.name);
      if (!a) drift.push(`missing column ${t.name}.${c.name}`);
      else {
        if (a.type.toUpperCase() !== c.type.toUpperCase())
          tolerated.push(`${t.name}.${c.name} declared ${a.type}, expected ${c.type}`);
        if (c.notNull && a.notnull === 0)
          tolerated.push(`${t.name}.${c.name} is nullable (legacy ALTER); NULLs read as the default`);
      }
    }
    const known = new Set(t.columns.map((c) => c.name));
    for (const name of actual.keys())
      if (!known.has(name)) tolerated.push(`extra column ${t.name}.${name} kept`);
    const indexes = allIndexes.get(t.name.toLowerCase());
    for (const ix of t.indexes) {
      const found = indexes?.get(ix.name.toLowerCase());
      const mismatch = found && indexMismatch(found, ix);
      const elsewhere = found ? undefined : indexTable(allIndexes, ix.name);
      if (mismatch) drift.push(`index ${ix.name} on ${t.name} ${mismatch} (forgedb migrate recreates it)`);
      else if (elsewhere)
        drift.push(
          `missing index ${ix.name}: the name is taken by an index on ${elsewhere} (rename or drop that index, then run forgedb migrate)`,
        );
      else if (!found) drift.push(`missing index ${ix.name}`);
    }
    const ddl = tableSql(db, t.name);
    for (const ck of t.checks)
      if (!ddl.includes(ck))
        tolerated.push(
          `${t.name} lacks CHECK ${ck} (made by an older version; forgedb validates these values itself)`,
        );
  }
  checks.push(check('schema', drift, tolerated));

  const state = computePlan(db, set);
  checks.push(verifyMigrationObjects(db, set, state));
  const pending = pendingTags(state);
  const migrationProblems = [
    ...state.changedFiles.map((t) => `applied migration ${t} no longer matches its file`),
    ...state.unknownIncompatible.map(
      (t) =>
        `applied migration ${t} is unknown to this forgedb version and not marked backward compatible (upgrade forgedb)`,
    ),
    ...(pending.length ? [`pending: ${pending.join(', ')} (run forgedb migrate)`] : []),
  ];
  const newerCompatible = state.unknownApplied.filter((t) => !state.unknownIncompatible.includes(t));
  checks.push(
    check(
      'migrations',
      migrationProblems,
      newerCompatible.map((t) => `applied migration ${t} is newer than this forgedb and backward compatible`),
    ),
  );

  return { kind, file: db.name, ok: checks.every((c) => c.ok), checks };
}
