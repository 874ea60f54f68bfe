import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  type PgSchema,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';
import { ALL_DAYS } from '../../contract/records.js';
import { sqlaTimestamptz } from '../columns/sqla-timestamptz.js';
import type { RowExtra } from '../extra.js';
import { EXTRA_DEFAULT } from './audit.js';
import type { defineProjects } from './projects.js';

/**
 * Schedules, scoped by project. `project_name` is the stored value, kept as it is (a SQLite file
 * may hold schedules of another name); `project_id` says which project the row belongs to.
 * `created_at` keeps its domain meaning, which is also the audit one. The CHECKs are SQLite's.
 */
export const defineSchedules = (schema: PgSchema, projects: ReturnType<typeof defineProjects>) =>
  schema.table(
    'schedules',
    {
      projectId: bigint('project_id', { mode: 'number' })
        .notNull()
        .references(() => projects.id),
      id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
      projectName: text('project_name').notNull(),
      startTime: text('start_time').notNull(),
      durationMinutes: integer('duration_minutes').notNull(),
      daysOfWeek: integer('days_of_week').notNull().default(ALL_DAYS),
      enabled: boolean('enabled').notNull().default(true),
      yoloMode: boolean('yolo_mode').notNull().default(false),
      model: text('model'),
      maxConcurrency: integer('max_concurrency').notNull().default(3),
      crashCount: integer('crash_count').notNull().default(0),
      extra: jsonb('extra').$type<RowExtra>().notNull().default(EXTRA_DEFAULT),
      createdAt: sqlaTimestamptz('created_at').notNull(),
      updatedAt: sqlaTimestamptz('updated_at').notNull(),
    },
    (t) => [
      primaryKey({ name: 'pk_schedules', columns: [t.projectId, t.id] }),
      index('ix_schedules_project_enabled').on(t.projectId, t.enabled),
      check('ck_schedule_duration', sql`${t.durationMinutes} >= 1 AND ${t.durationMinutes} <= 1440`),
      check('ck_schedule_days', sql`${t.daysOfWeek} >= 0 AND ${t.daysOfWeek} <= 127`),
      check('ck_schedule_concurrency', sql`${t.maxConcurrency} >= 1 AND ${t.maxConcurrency} <= 5`),
      check('ck_schedule_crash_count', sql`${t.crashCount} >= 0`),
    ],
  );
