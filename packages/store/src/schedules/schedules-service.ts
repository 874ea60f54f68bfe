import { NotFoundError } from '@forgedb/db-core';
import type { SchedulesAdapter } from '../adapter.js';
import type { SchedulesApi } from '../api.js';
import {
  overrideTypeSchema,
  scheduleCreate,
  scheduleUpdate,
  toSqlaExpiry,
  validate,
  validateDaysOfWeek,
  validateId,
  validateScheduleListOptions,
  validateWeekday,
} from '../validation/index.js';

/** Schedules and their manual overrides (docs/contracts.md#6-schedules-and-overrides), for any dialect. */
export function createSchedulesService(adapter: SchedulesAdapter): SchedulesApi {
  return {
    async create(input) {
      return adapter.create(validate(scheduleCreate, input, 'schedule'));
    },

    async get(id) {
      const found = await adapter.get(validateId(id, 'schedule'));
      if (!found) throw new NotFoundError('schedule', id);
      return found;
    },

    async list(options) {
      return adapter.list(validateScheduleListOptions(options));
    },

    async update(id, patch) {
      const scheduleId = validateId(id, 'schedule');
      const updated = await adapter.update(scheduleId, validate(scheduleUpdate, patch, 'schedule update'));
      if (!updated) throw new NotFoundError('schedule', id);
      return updated;
    },

    async delete(id) {
      return adapter.delete(validateId(id, 'schedule'));
    },

    isActiveOn(schedule, weekday) {
      const days = validateDaysOfWeek(schedule);
      return (days & (1 << validateWeekday(weekday))) !== 0;
    },

    async createOverride(scheduleId, type, expiresAt) {
      const id = validateId(scheduleId, 'schedule');
      const overrideType = validate(overrideTypeSchema, type, 'override type');
      return adapter.createOverride(id, overrideType, toSqlaExpiry(expiresAt));
    },

    async activeOverride(scheduleId) {
      return adapter.activeOverride(validateId(scheduleId, 'schedule'));
    },

    async listOverrides(scheduleId) {
      return adapter.listOverrides(validateId(scheduleId, 'schedule'));
    },

    async cleanupExpiredOverrides() {
      return adapter.cleanupExpiredOverrides();
    },

    async incrementCrashCount(id) {
      return adapter.incrementCrashCount(validateId(id, 'schedule'));
    },

    async resetCrashCount(id) {
      return adapter.resetCrashCount(validateId(id, 'schedule'));
    },
  };
}
