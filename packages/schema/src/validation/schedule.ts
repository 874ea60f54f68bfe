import { z } from 'zod';
import { OVERRIDE_TYPES } from '../contract/records.js';
import { LIMITS } from './limits.js';
import { storableString } from './well-formed-text.js';

/** "HH:MM", 24-hour, UTC. */
export const startTimeSchema = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'start_time must be "HH:MM" (00:00 to 23:59, UTC)');

/** Ranges match the CHECK constraints, so bad values fail here with a readable message first. */
const scheduleFields = {
  start_time: startTimeSchema,
  duration_minutes: z.number().int().min(1).max(1440),
  days_of_week: z.number().int().min(0).max(127),
  enabled: z.boolean(),
  yolo_mode: z.boolean(),
  model: storableString().max(LIMITS.scheduleModelMax).nullable(),
  max_concurrency: z.number().int().min(1).max(5),
};

export const scheduleCreateSchema = z.object({
  ...scheduleFields,
  project_name: storableString().min(1).max(LIMITS.scheduleProjectNameMax),
  days_of_week: scheduleFields.days_of_week.default(127),
  enabled: scheduleFields.enabled.default(true),
  yolo_mode: scheduleFields.yolo_mode.default(false),
  model: scheduleFields.model.default(null),
  max_concurrency: scheduleFields.max_concurrency.default(3),
});
export type ScheduleCreateInput = z.input<typeof scheduleCreateSchema>;

/** The largest crash_count: PostgreSQL's `integer`. */
export const CRASH_COUNT_MAX = 2_147_483_647;

/** Built without the create defaults: zod's `.partial()` keeps them, which would reset omitted fields. */
export const scheduleUpdateSchema = z
  .object(scheduleFields)
  .partial()
  // PostgreSQL's column is `integer` (SQLite's INTEGER holds more): a larger count would be
  // stored on one dialect and refused by the other as out of range, not as bad input.
  .extend({ crash_count: z.number().int().min(0).max(CRASH_COUNT_MAX).optional() });
export type ScheduleUpdateInput = z.input<typeof scheduleUpdateSchema>;

export const overrideTypeSchema = z.enum(OVERRIDE_TYPES);
