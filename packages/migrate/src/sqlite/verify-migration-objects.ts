import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { VerifyCheck } from '../reports.js';
import { migrationObjectDrift } from './migration-objects.js';
import type { PlanState } from './plan.js';
import type { MigrationSet } from './snapshot.js';

/**
 * `migration objects`: triggers and seeded tables as the applied migrations created them. On a file
 * a newer forgedb upgraded, its migrations may have changed them on purpose, so differences are
 * notes there, and `forgedb migrate` leaves them alone.
 */
export function verifyMigrationObjects(db: SqliteDatabase, set: MigrationSet, state: PlanState): VerifyCheck {
  const drift = migrationObjectDrift(db, set, new Set(state.applied.map((a) => a.tag)));
  if (state.unknownApplied.length > 0) {
    const newer = state.unknownApplied.join(', ');
    return {
      name: 'migration objects',
      ok: true,
      problems: [],
      notes: drift.map((d) => `${d.problem} (perhaps changed by newer migration(s) ${newer}; left alone)`),
    };
  }
  const problems = drift.map((d) => `${d.problem} (forgedb migrate repairs it)`);
  return { name: 'migration objects', ok: problems.length === 0, problems, notes: [] };
}
