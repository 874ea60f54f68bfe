import { connectionInfo, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { DatabaseKind } from '@forgedb/schema';
import type { StatusReport } from '../reports.js';
import { computePlan, pendingTags } from './plan.js';
import { migrationSetFor } from './upgrade.js';

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
