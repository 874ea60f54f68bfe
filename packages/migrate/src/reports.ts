import type { DatabaseKind } from '@forgedb/schema';
import type { AppliedMigration } from './history.js';

/*
 * What an upgrade, `forgedb status` and `forgedb verify` report, the same for every dialect; the
 * CLI prints these and scripts read them as JSON (docs/migrations.md, docs/cli.md).
 */

/** Where a database stands against the shipped migrations. */
export type DatabaseShape =
  /** No tables of its kind: every migration runs. */
  | 'empty'
  /** Made by the Python app (or lacking forgedb's history of its baseline): guards bring it to the baseline, which is adopted. */
  | 'legacy'
  /** Has forgedb's history, and migrations or repairs are pending. */
  | 'baseline'
  /** Nothing to do. */
  | 'current'
  /** Upgraded by a newer forgedb: its history names migrations this version does not ship. */
  | 'newer';

/** One repair step an upgrade runs before the migrations, described for people. */
export interface PlannedStep {
  id: string;
  description: string;
  /** The statements it runs, in order. */
  sql: string[];
}

export interface UpgradePlan<Step extends PlannedStep = PlannedStep> {
  guards: Step[];
  /** Tag recorded as applied without running it, for a legacy file the guards bring to that shape. */
  adoptBaseline: string | null;
  migrations: { tag: string; sql: string }[];
}

export interface UpgradeProgress {
  phase: 'backup' | 'guards' | 'migrations';
  done: number;
  total: number;
}

export interface UpgradeResult {
  kind: DatabaseKind;
  /** The database upgraded (its file, for SQLite). */
  file: string;
  shapeBefore: DatabaseShape;
  plan: UpgradePlan;
  changed: boolean;
  guardsApplied: string[];
  adopted: string | null;
  applied: string[];
  /** The backup taken before the first change, or one found with the same content; null if none. */
  backup: string | null;
  dryRun: boolean;
}

/** Read-only: what `forgedb status` prints. */
export interface StatusReport {
  kind: DatabaseKind;
  file: string;
  journalMode: string;
  shape: DatabaseShape;
  applied: AppliedMigration[];
  pending: string[];
  guardsNeeded: string[];
  unknownApplied: string[];
  /** The unknown tags not recorded as backward compatible (the file is refused while any is). */
  unknownIncompatible: string[];
  changedFiles: string[];
}

export interface VerifyCheck {
  name: string;
  ok: boolean;
  /** Something is wrong; `forgedb verify` exits 1. */
  problems: string[];
  /** Tolerated legacy differences, reported for information. */
  notes: string[];
}

/** Read-only health report: what `forgedb verify` prints. */
export interface VerifyReport {
  kind: DatabaseKind;
  file: string;
  ok: boolean;
  checks: VerifyCheck[];
}
