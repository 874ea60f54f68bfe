import { z } from 'zod';
import { OVERRIDE_TYPES } from '../tables/schedule-overrides.js';
import { LIMITS } from './limits.js';

/** "HH:MM", 24-hour, UTC. */
export const startTimeSchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'start_time must be "HH:MM" (00:00 to 23:59, UTC)');

/** Ranges match the CHECK constraints, so bad values fail here with a readable message first. */
export const scheduleCreateSchema = z.object({
  project_name: z.string().min(1).max(LIMITS.scheduleProjectNameMax),
  start_time: startTimeSchema,
  duration_minutes: z.number().int().min(1).max(1440),
  days_of_week: z.number().int().min(0).max(127).default(127),
  enabled: z.boolean().default(true),
  yolo_mode: z.boolean().default(false),
  model: z.string().max(LIMITS.scheduleModelMax).nullable().default(null),
  max_concurrency: z.number().int().min(1).max(5).default(3),
});
export type ScheduleCreateInput = z.input<typeof scheduleCreateSchema>;

export const scheduleUpdateSchema = scheduleCreateSchema
  .omit({ project_name: true })
  .partial()
  .extend({ crash_count: z.number().int().min(0).optional() });
export type ScheduleUpdateInput = z.input<typeof scheduleUpdateSchema>;

export const overrideTypeSchema = z.enum(OVERRIDE_TYPES);
