import { NotFoundError } from '@forgedb/db-core';
import { writeTransaction, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { SchedulesAdapter } from '../adapter.js';
import type { Clock } from '../clock.js';
import { crashCountAtLimit } from '../schedules/crash-count.js';
import { SCHEDULE_PATCH_COLUMNS } from '../schedules/patch-columns.js';
import {
  serializeOverride,
  serializeSchedule,
  type RawOverrideRow,
  type RawScheduleRow,
} from '../schedules/serialize-schedule.js';
import { prepareScheduleStatements } from './schedule-statements.js';

const bit = (value: boolean) => (value ? 1 : 0);

/** Schedules and their manual overrides in features.db (docs/contracts.md#6-schedules-and-overrides). */
export function createSqliteSchedulesAdapter(db: SqliteDatabase, clock: Clock): SchedulesAdapter {
  const st = prepareScheduleStatements(db);
  const row = (id: number) => st.byId.get(id) as RawScheduleRow | undefined;

  return {
    create(data) {
      return writeTransaction(db, () =>
        serializeSchedule(
          st.insert.get({
            ...data,
            enabled: bit(data.enabled),
            yolo_mode: bit(data.yolo_mode),
            created_at: clock.now(),
          }) as RawScheduleRow,
        ),
      );
    },

    get(id) {
      const found = row(id);
      return found ? serializeSchedule(found) : null;
    },

    list({ project, enabledOnly }) {
      return (st.list.all({ project, enabled_only: bit(enabledOnly) }) as RawScheduleRow[]).map(
        serializeSchedule,
      );
    },

    update(id, patch) {
      const params: Record<string, unknown> = { id };
      for (const column of SCHEDULE_PATCH_COLUMNS) {
        const value = patch[column];
        params[`set_${column}`] = bit(value !== undefined);
        params[column] = typeof value === 'boolean' ? bit(value) : (value ?? null);
      }
      return writeTransaction(db, () => {
        const updated = st.update.get(params) as RawScheduleRow | undefined;
        return updated ? serializeSchedule(updated) : null;
      });
    },

    delete(id) {
      // The overrides go through ON DELETE CASCADE: forgedb connections run with foreign_keys ON.
      return writeTransaction(db, () => st.delete.run(id).changes > 0);
    },

    createOverride(scheduleId, type, expiresAt) {
      return writeTransaction(db, () => {
        if (!row(scheduleId)) throw new NotFoundError('schedule', scheduleId);
        st.deleteOverridesOfType.run(scheduleId, type);
        const inserted = st.insertOverride.get({
          schedule_id: scheduleId,
          override_type: type,
          expires_at: expiresAt,
          created_at: clock.now(),
        }) as RawOverrideRow;
        return serializeOverride(inserted);
      });
    },

    activeOverride(scheduleId) {
      const found = st.activeOverride.get(scheduleId, clock.now()) as RawOverrideRow | undefined;
      return found ? serializeOverride(found) : null;
    },

    listOverrides(scheduleId) {
      return (st.listOverrides.all(scheduleId) as RawOverrideRow[]).map(serializeOverride);
    },

    cleanupExpiredOverrides() {
      return writeTransaction(db, () => st.deleteExpiredOverrides.run(clock.now()).changes);
    },

    incrementCrashCount(id) {
      return writeTransaction(db, () => {
        const count = st.incrementCrashCount.get(id) as number | null | undefined;
        if (count !== undefined) return count;
        // Under the write lock: the row matched nothing, so it is gone or at the limit.
        if (row(id) !== undefined) throw crashCountAtLimit(id);
        return null;
      });
    },

    resetCrashCount(id) {
      return writeTransaction(db, () => st.resetCrashCount.run(id).changes > 0);
    },
  };
}
