import { NotFoundError, ValidationError } from '@forgedb/db-core';
import { writeTransaction, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { LIMITS, overrideTypeSchema, scheduleCreateSchema, scheduleUpdateSchema } from '@forgedb/schema';
import type { ScheduleUpdate, SchedulesApi } from '../api.js';
import type { Clock } from '../clock.js';
import { validate, validateId } from '../validate.js';
import { toSqlaExpiry } from './expires-at.js';
import { prepareScheduleStatements } from './schedule-statements.js';
import {
  serializeOverride,
  serializeSchedule,
  type RawOverrideRow,
  type RawScheduleRow,
} from './serialize-schedule.js';

// Strict: a misspelt field (`duration: 60`) is refused instead of silently ignored.
const createSchema = scheduleCreateSchema.strict();
const updateSchema = scheduleUpdateSchema.strict();
const PATCHABLE = [
  'start_time',
  'duration_minutes',
  'days_of_week',
  'enabled',
  'yolo_mode',
  'model',
  'max_concurrency',
  'crash_count',
] as const;

const bit = (value: boolean) => (value ? 1 : 0);

function validateWeekday(weekday: unknown): number {
  if (typeof weekday !== 'number' || !Number.isInteger(weekday) || weekday < 0 || weekday > 6) {
    throw new ValidationError(
      'input',
      `Invalid weekday ${JSON.stringify(weekday)}: expected 0 (Monday) to 6 (Sunday).`,
      [{ path: 'weekday', message: 'expected an integer from 0 (Monday) to 6 (Sunday)' }],
    );
  }
  return weekday;
}

function validateListOptions(options: unknown): { project: string | null; enabledOnly: boolean } {
  const o = (options ?? {}) as { projectName?: unknown; enabledOnly?: unknown };
  if (typeof o !== 'object')
    throw new ValidationError('input', 'Invalid list options: expected an object.', [
      { path: '(input)', message: 'expected an object' },
    ]);
  if (
    o.projectName !== undefined &&
    (typeof o.projectName !== 'string' || o.projectName.length > LIMITS.scheduleProjectNameMax)
  ) {
    throw new ValidationError(
      'input',
      `Invalid projectName filter: expected a string of at most ${LIMITS.scheduleProjectNameMax} characters.`,
      [{ path: 'projectName', message: 'expected a string' }],
    );
  }
  if (o.enabledOnly !== undefined && typeof o.enabledOnly !== 'boolean') {
    throw new ValidationError('input', 'Invalid enabledOnly filter: expected true or false.', [
      { path: 'enabledOnly', message: 'expected a boolean' },
    ]);
  }
  return { project: o.projectName ?? null, enabledOnly: o.enabledOnly ?? false };
}

/** Schedules and their manual overrides in features.db (docs/contracts.md#6-schedules-and-overrides). */
export function createSchedulesStore(db: SqliteDatabase, clock: Clock): SchedulesApi {
  const st = prepareScheduleStatements(db);
  const row = (id: number) => st.byId.get(id) as RawScheduleRow | undefined;

  return {
    async create(input) {
      const data = validate(createSchema, input, 'schedule');
      return writeTransaction(db, () =>
        serializeSchedule(
          st.insert.get({
            ...data,
            enabled: bit(data.enabled),
            yolo_mode: bit(data.yolo_mode),
            created_at: clock.now(db),
          }) as RawScheduleRow,
        ),
      );
    },

    async get(id) {
      const found = row(validateId(id, 'schedule'));
      if (!found) throw new NotFoundError('schedule', id);
      return serializeSchedule(found);
    },

    async list(options) {
      const { project, enabledOnly } = validateListOptions(options);
      const rows = st.list.all({ project, enabled_only: bit(enabledOnly) }) as RawScheduleRow[];
      return rows.map(serializeSchedule);
    },

    async update(id, patch) {
      validateId(id, 'schedule');
      const data: ScheduleUpdate = validate(updateSchema, patch, 'schedule update');
      const params: Record<string, unknown> = { id };
      for (const column of PATCHABLE) {
        const value = data[column];
        params[`set_${column}`] = bit(value !== undefined);
        params[column] = typeof value === 'boolean' ? bit(value) : (value ?? null);
      }
      return writeTransaction(db, () => {
        const updated = st.update.get(params) as RawScheduleRow | undefined;
        if (!updated) throw new NotFoundError('schedule', id);
        return serializeSchedule(updated);
      });
    },

    async delete(id) {
      validateId(id, 'schedule');
      // The overrides go through ON DELETE CASCADE: forgedb connections run with foreign_keys ON.
      return writeTransaction(db, () => st.delete.run(id).changes > 0);
    },

    isActiveOn(schedule, weekday) {
      const days = schedule?.days_of_week;
      if (typeof days !== 'number' || !Number.isInteger(days)) {
        throw new ValidationError('input', 'Invalid schedule: days_of_week must be an integer bitfield.', [
          { path: 'days_of_week', message: 'expected an integer' },
        ]);
      }
      return (days & (1 << validateWeekday(weekday))) !== 0;
    },

    async createOverride(scheduleId, type, expiresAt) {
      validateId(scheduleId, 'schedule');
      const overrideType = validate(overrideTypeSchema, type, 'override type');
      const expires = toSqlaExpiry(expiresAt);
      return writeTransaction(db, () => {
        if (!row(scheduleId)) throw new NotFoundError('schedule', scheduleId);
        st.deleteOverridesOfType.run(scheduleId, overrideType);
        const inserted = st.insertOverride.get({
          schedule_id: scheduleId,
          override_type: overrideType,
          expires_at: expires,
          created_at: clock.now(db),
        }) as RawOverrideRow;
        return serializeOverride(inserted);
      });
    },

    async activeOverride(scheduleId) {
      validateId(scheduleId, 'schedule');
      const found = st.activeOverride.get(scheduleId, clock.now(db)) as RawOverrideRow | undefined;
      return found ? serializeOverride(found) : null;
    },

    async listOverrides(scheduleId) {
      validateId(scheduleId, 'schedule');
      return (st.listOverrides.all(scheduleId) as RawOverrideRow[]).map(serializeOverride);
    },

    async cleanupExpiredOverrides() {
      return writeTransaction(db, () => st.deleteExpiredOverrides.run(clock.now(db)).changes);
    },

    async incrementCrashCount(id) {
      validateId(id, 'schedule');
      return writeTransaction(db, () => (st.incrementCrashCount.get(id) as number | undefined) ?? null);
    },

    async resetCrashCount(id) {
      validateId(id, 'schedule');
      return writeTransaction(db, () => st.resetCrashCount.run(id).changes > 0);
    },
  };
}
