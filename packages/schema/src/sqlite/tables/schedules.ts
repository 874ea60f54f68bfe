import { sql } from 'drizzle-orm';
import { check, index, sqliteTable } from 'drizzle-orm/sqlite-core';
import { boolean } from '../columns/boolean.js';
import { ALL_DAYS } from '../../contract/records.js';
import { formatSqlaDateTime } from '../../encoding/datetime.js';
import { sqlaDateTime } from '../columns/datetime.js';
import { int, integerPrimaryKey, varchar } from '../columns/sql-types.js';

export const schedules = sqliteTable(
  'schedules',
  {
    id: integerPrimaryKey(),
    projectName: varchar('project_name', { length: 50 }).notNull(),
    startTime: varchar('start_time', { length: 5 }).notNull(),
    durationMinutes: int('duration_minutes').notNull(),
    daysOfWeek: int('days_of_week').notNull().default(ALL_DAYS),
    enabled: boolean('enabled')
      .notNull()
      .default(sql`1`),
    yoloMode: boolean('yolo_mode')
      .notNull()
      .default(sql`0`),
    model: varchar('model', { length: 50 }),
    maxConcurrency: int('max_concurrency').notNull().default(3),
    crashCount: int('crash_count').notNull().default(0),
    // Client-side default, as in the Python app: its DDL has no DEFAULT for created_at.
    createdAt: sqlaDateTime('created_at')
      .notNull()
      .$defaultFn(() => formatSqlaDateTime(new Date())),
  },
  (t) => [
    index('ix_schedules_enabled').on(t.enabled),
    index('ix_schedules_id').on(t.id),
    index('ix_schedules_project_name').on(t.projectName),
    check('ck_schedule_duration', sql`duration_minutes >= 1 AND duration_minutes <= 1440`),
    check('ck_schedule_days', sql`days_of_week >= 0 AND days_of_week <= 127`),
    check('ck_schedule_concurrency', sql`max_concurrency >= 1 AND max_concurrency <= 5`),
    check('ck_schedule_crash_count', sql`crash_count >= 0`),
  ],
);

export type ScheduleRow = typeof schedules.$inferSelect;
export type NewScheduleRow = typeof schedules.$inferInsert;
