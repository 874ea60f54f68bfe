import { existsSync, rmSync, statSync } from 'node:fs';
import { MEMORY, readTransaction, writeTransaction, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { SchemaError } from '@forgedb/db-core';
import type { DatabaseKind } from '@forgedb/schema';
import { refuseUnsafeHistory } from '../plan/refusals.js';
import type { UpgradeProgress, UpgradeResult } from '../reports.js';
import { DEFAULT_BACKUPS_KEPT, backupBeforeUpgrade, pruneBackups } from './backup.js';
import { refuseColumnConflicts } from './column-conflicts.js';
import { ensureHistoryTable, recordMigration } from './history.js';
import { columnSets, foreignKeyViolations } from './introspect.js';
import { computePlan, planIsEmpty, type PlanState } from './plan.js';
import { loadMigrationSet, type MigrationSet } from './snapshot.js';

export interface UpgradeOptions {
  /** Plan only: the file is not touched, not even by a backup. */
  dryRun?: boolean;
  /**
   * Default: before the first change to an existing non-empty file, back it up next to itself
   * (unless the newest backup already holds this content), and after the upgrade committed keep
   * the newest 5 backups plus the first pre-forgedb one (see pruneBackups).
   */
  backup?: false | { keep?: number };
  /** Tests inject migration folders (e.g. one that rebuilds a parent table). */
  migrationsFolder?: string;
  onProgress?: (p: UpgradeProgress) => void;
}

const shippedSets = new Map<DatabaseKind, MigrationSet>();

/** The shipped migrations never change while a process runs, so they are read once; injected folders every time. */
export function migrationSetFor(kind: DatabaseKind, folder?: string): MigrationSet {
  if (folder) return loadMigrationSet(kind, folder);
  let set = shippedSets.get(kind);
  if (!set) {
    set = loadMigrationSet(kind);
    shippedSets.set(kind, set);
  }
  return set;
}

function refuseUnsafe(db: SqliteDatabase, state: PlanState, file: string): void {
  refuseUnsafeHistory(state, file);
  refuseColumnConflicts(db, state.pending, file);
}

function assertNoColumnLost(
  before: Map<string, Set<string>>,
  after: Map<string, Set<string>>,
  tag: string,
): void {
  for (const [table, cols] of before) {
    const now = after.get(table);
    const lost = now ? [...cols].filter((c) => !now.has(c)) : [...cols];
    if (lost.length > 0) {
      throw new SchemaError(
        `Migration ${tag} would drop ${now ? `column(s) ${lost.join(', ')} of` : 'table'} ${table}, which this file ` +
          'still holds (a drizzle-kit table rebuild keeps only the columns the schema knows). Rolled back; nothing was changed.',
      );
    }
  }
}

/**
 * Brings a database to the current schema: guards, then adoption of legacy files, then every
 * pending drizzle-kit migration, all in ONE BEGIN IMMEDIATE transaction so a crash leaves either
 * the old or the new schema. The backup is taken inside that transaction, before the first change,
 * and removed again if the upgrade fails; a pending migration that would add a column the file
 * already has is refused before anything happens. Foreign keys are switched off outside the transaction (inside it the
 * pragma is a no-op, which is how drizzle's stock migrator cascade-deletes children when a
 * migration rebuilds a parent table) and checked with foreign_key_check before COMMIT.
 */
export function upgradeDatabase(
  db: SqliteDatabase,
  kind: DatabaseKind,
  options: UpgradeOptions = {},
): UpgradeResult {
  const set = migrationSetFor(kind, options.migrationsFolder);
  const file = db.name;
  // A first look without the lock: nothing to do (the common case) costs no write lock at all. It
  // reads one snapshot: another process upgrading between its reads would otherwise show the
  // history from before that upgrade and the columns from after it, which look like a user's.
  const first = readTransaction(db, () => {
    const state = computePlan(db, set);
    refuseUnsafe(db, state, file);
    return state;
  });
  const result: UpgradeResult = {
    kind,
    file,
    shapeBefore: first.shape,
    plan: first.plan,
    changed: false,
    guardsApplied: [],
    adopted: null,
    applied: [],
    backup: null,
    dryRun: options.dryRun ?? false,
  };
  if (options.dryRun || planIsEmpty(first.plan)) return result;

  const progress = options.onProgress ?? (() => undefined);
  const keep = (options.backup === false ? undefined : options.backup?.keep) ?? DEFAULT_BACKUPS_KEPT;
  const wantsBackup = options.backup !== false && file !== MEMORY && file !== '';
  /** A backup this attempt wrote (not one it found with the same content): removed again if the upgrade fails. */
  let written: string | null = null;

  const fkWasOn = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    writeTransaction(db, () => {
      // Decide again under the write lock: another process may have upgraded meanwhile.
      const state = computePlan(db, set);
      refuseUnsafe(db, state, file);
      result.shapeBefore = state.shape;
      result.plan = state.plan;
      if (planIsEmpty(state.plan)) return;
      // Under the lock, so of several processes starting at once only the one that upgrades backs up.
      if (wantsBackup && state.shape !== 'empty' && existsSync(file) && statSync(file).size > 0) {
        progress({ phase: 'backup', done: 0, total: 1 });
        const backup = backupBeforeUpgrade(db);
        result.backup = backup.file;
        if (!backup.reused) written = backup.file;
        progress({ phase: 'backup', done: 1, total: 1 });
      }
      const fkBefore = foreignKeyViolations(db);
      const guards = state.plan.guards;
      guards.forEach((g, i) => {
        if (g.apply) g.apply(db);
        else for (const statement of g.sql) db.exec(statement);
        result.guardsApplied.push(g.id);
        progress({ phase: 'guards', done: i + 1, total: guards.length });
      });
      ensureHistoryTable(db);
      if (state.plan.adoptBaseline) {
        recordMigration(db, set.migrations[0]!, 'adopted');
        result.adopted = state.plan.adoptBaseline;
      }
      // One migration's "after" is the next one's "before": the columns are read once per step.
      let columns = columnSets(db);
      state.pending.forEach((m, i) => {
        for (const statement of m.statements) db.exec(statement);
        const after = columnSets(db);
        assertNoColumnLost(columns, after, m.tag);
        columns = after;
        recordMigration(db, m, 'applied');
        result.applied.push(m.tag);
        progress({ phase: 'migrations', done: i + 1, total: state.pending.length });
      });
      // Legacy files may already hold orphans (the Python app never enabled foreign keys);
      // only violations this upgrade introduced are fatal.
      const fkAfter = foreignKeyViolations(db);
      if (fkAfter > fkBefore) {
        throw new SchemaError(
          `Upgrade of ${file} would leave ${fkAfter - fkBefore} new foreign key violation(s) (PRAGMA foreign_key_check). Rolled back; nothing was changed.`,
        );
      }
      result.changed = true;
    });
  } catch (error) {
    // Rolled back: the file still holds what the backup holds, so the backup would only crowd out older ones.
    if (written) rmSync(written, { force: true });
    result.backup = null;
    throw error;
  } finally {
    if (fkWasOn) db.pragma('foreign_keys = ON');
  }
  // Pruned only after a committed upgrade: a crash-looping upgrade must not eat the backup history.
  if (result.changed && result.backup) pruneBackups(file, keep);
  return result;
}
