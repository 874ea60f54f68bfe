import { SchemaError } from '@forgedb/db-core';
import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { MigrationFile } from '@forgedb/schema';
import type { AppliedMigration } from '../history.js';
import { migrationMembership } from '../plan/membership.js';
import type { DatabaseShape, UpgradePlan } from '../reports.js';
import { planGuards, type Guard } from './guards.js';
import { historyExists, readHistory } from './history.js';
import { listTables } from './introspect.js';
import { planDefaultRepairs } from './missing-defaults.js';
import { migrationObjectDrift } from './migration-objects.js';
import type { MigrationSet } from './snapshot.js';

export interface PlanState {
  shape: DatabaseShape;
  plan: UpgradePlan<Guard>;
  applied: AppliedMigration[];
  pending: MigrationFile[];
  /** Applied tags this version does not ship: the file was upgraded by a newer forgedb. */
  unknownApplied: string[];
  /** The unknown tags not recorded as backward compatible: this forgedb must not use the file. */
  unknownIncompatible: string[];
  /** Applied tags whose migration file no longer hashes the same. */
  changedFiles: string[];
}

/**
 * Reads the file's state and decides what an upgrade would do: which migrations are pending comes
 * from the dialect-free membership decision (`migrationMembership`); the SQLite part is the shape
 * of the file, the guards that repair it and the adoption of a legacy file's baseline.
 */
export function computePlan(db: SqliteDatabase, set: MigrationSet): PlanState {
  const tables = listTables(db);
  const hasHistory = historyExists(db);
  const applied = readHistory(db);
  const membership = migrationMembership(applied, set.migrations);
  const { appliedTags, unknownApplied, unknownIncompatible, changedFiles } = membership;
  const ours = [...set.baseline.keys()];
  const hasOurTables = tables.some((t) => ours.includes(t));

  if (!hasHistory && tables.length > 0 && !hasOurTables) {
    throw new SchemaError(
      `${db.name} has tables (${tables.slice(0, 5).join(', ')}) but none of a ${set.kind}.db (${ours.join(', ')}); ` +
        'refusing to add forgedb tables to an unrelated database. Nothing was changed.',
    );
  }

  const baselineTag = set.migrations[0]!.tag;
  let shape: DatabaseShape;
  let guards: Guard[] = [];
  let adoptBaseline: string | null = null;
  let pending: MigrationFile[];
  if (!hasHistory && !hasOurTables) {
    shape = 'empty';
    pending = membership.pending;
  } else {
    // Guards also run on files with history: a Python app that recreated a dropped index, or a
    // file restored from elsewhere, is repaired the same way, and on a current file they plan nothing.
    // Default repairs first: each carries the table's stored text, which a later ADD COLUMN changes.
    guards = [...planDefaultRepairs(db, set), ...planGuards(db, set.baseline)];
    // A newer migration may legitimately have changed a trigger; this version must not undo it.
    if (unknownApplied.length === 0)
      guards.push(...migrationObjectDrift(db, set, appliedTags).map((d) => d.guard));
    if (!appliedTags.has(baselineTag)) adoptBaseline = baselineTag;
    pending = membership.pending.filter((m) => m.tag !== adoptBaseline);
    if (unknownApplied.length > 0) shape = 'newer';
    else if (!hasHistory || adoptBaseline) shape = 'legacy';
    else if (pending.length > 0 || guards.length > 0) shape = 'baseline';
    else shape = 'current';
  }
  return {
    shape,
    plan: { guards, adoptBaseline, migrations: pending.map((m) => ({ tag: m.tag, sql: m.sql })) },
    applied,
    pending,
    unknownApplied,
    unknownIncompatible,
    changedFiles,
  };
}

export function planIsEmpty(plan: UpgradePlan): boolean {
  return plan.guards.length === 0 && plan.adoptBaseline === null && plan.migrations.length === 0;
}

/** What an upgrade would still record, in order: the adopted baseline first, then the migrations it runs. */
export function pendingTags(state: PlanState): string[] {
  return [
    ...(state.plan.adoptBaseline ? [state.plan.adoptBaseline] : []),
    ...state.pending.map((m) => m.tag),
  ];
}
