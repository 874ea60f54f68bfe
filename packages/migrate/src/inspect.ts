import { connectionInfo, type SqliteDatabase } from '@forgedb/db-core';
import type { DatabaseKind } from '@forgedb/schema';
import type { AppliedMigration } from './history.js';
import { computePlan, pendingTags, type DatabaseShape } from './plan.js';
import { migrationSetFor } from './upgrade.js';

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

/** Read-only: what `forgedb status` prints. */
export function inspectDatabase(
  db: SqliteDatabase,
  kind: DatabaseKind,
  options: { migrationsFolder?: string } = {},
): StatusReport {
  const state = computePlan(db, migrationSetFor(kind, options.migrationsFolder));
  return {
    kind,
    file: db.name,
    journalMode: connectionInfo(db).journalMode,
    shape: state.shape,
    applied: state.applied,
    pending: pendingTags(state),
    guardsNeeded: state.plan.guards.map((g) => g.description),
    unknownApplied: state.unknownApplied,
    unknownIncompatible: state.unknownIncompatible,
    changedFiles: state.changedFiles,
  };
}
