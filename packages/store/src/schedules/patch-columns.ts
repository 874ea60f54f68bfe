import { scheduleUpdate, type SchedulePatch } from '../validation/schedules.js';

/**
 * The columns a schedule update may set: the patch validator's own fields, so the dialects'
 * UPDATE statements can never drift from what a patch is allowed to hold.
 */
export const SCHEDULE_PATCH_COLUMNS = Object.keys(scheduleUpdate.shape) as readonly (keyof SchedulePatch)[];
