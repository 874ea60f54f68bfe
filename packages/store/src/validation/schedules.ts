import { LIMITS, overrideTypeSchema, scheduleCreateSchema, scheduleUpdateSchema } from '@forgedb/schema';
import { z } from 'zod';
import { parseExpiry } from '../schedules/expires-at.js';
import { fieldsRefusal } from './fields.js';
import { refusal, validate } from './validate.js';

// Strict: a misspelt field (`duration: 60`) is refused instead of silently ignored.
export const scheduleCreate = scheduleCreateSchema.strict();
export const scheduleUpdate = scheduleUpdateSchema.strict();
export { overrideTypeSchema };

const WEEKDAY = 'expected an integer from 0 (Monday) to 6 (Sunday)';
const weekdaySchema = z
  .number({ error: WEEKDAY })
  .int({ error: WEEKDAY })
  .min(0, { error: WEEKDAY })
  .max(6, { error: WEEKDAY });
const weekdayRefusal = refusal(
  'weekday',
  (w) => `Invalid weekday ${JSON.stringify(w)}: expected 0 (Monday) to 6 (Sunday).`,
);
export const validateWeekday = (weekday: unknown): number => validate(weekdaySchema, weekday, weekdayRefusal);

const daysSchema = z.object({
  days_of_week: z.number({ error: 'expected an integer' }).int({ error: 'expected an integer' }),
});
const daysRefusal = refusal(
  'days_of_week',
  () => 'Invalid schedule: days_of_week must be an integer bitfield.',
);
export const validateDaysOfWeek = (schedule: unknown): number =>
  validate(daysSchema, schedule ?? {}, daysRefusal).days_of_week;

const listSchema = z.object(
  {
    projectName: z
      .string({ error: 'expected a string' })
      .max(LIMITS.scheduleProjectNameMax, { error: 'expected a string' })
      .optional(),
    enabledOnly: z.boolean({ error: 'expected a boolean' }).optional(),
  },
  { error: 'expected an object' },
);
const listRefusal = fieldsRefusal({
  '(input)': () => 'Invalid list options: expected an object.',
  projectName: () =>
    `Invalid projectName filter: expected a string of at most ${LIMITS.scheduleProjectNameMax} characters.`,
  enabledOnly: () => 'Invalid enabledOnly filter: expected true or false.',
});

export function validateScheduleListOptions(options: unknown): {
  project: string | null;
  enabledOnly: boolean;
} {
  const o = validate(listSchema, options ?? {}, listRefusal);
  return { project: o.projectName ?? null, enabledOnly: o.enabledOnly ?? false };
}

const expiresAtSchema = z.unknown().transform((value, ctx) => {
  const expiry = parseExpiry(value);
  if (expiry === null) ctx.addIssue({ code: 'custom', message: 'expected a valid date and time' });
  return expiry ?? '';
});
const expiresAtRefusal = refusal(
  'expiresAt',
  (value) =>
    `Invalid expiresAt ${JSON.stringify(value)}: expected a Date, DATETIME text "YYYY-MM-DD HH:MM:SS.ffffff" (UTC) ` +
    'or an ISO-8601 timestamp such as "2026-01-02T11:30:00Z".',
);

/**
 * An override's expiry as the exact text the Python app writes and compares as a string (six
 * fractional digits, UTC).
 */
export const toSqlaExpiry = (value: unknown): string => validate(expiresAtSchema, value, expiresAtRefusal);

/** A schedule to create, defaults filled in. */
export type ScheduleInput = z.output<typeof scheduleCreate>;
/** The fields a patch changes. */
export type SchedulePatch = z.output<typeof scheduleUpdate>;
