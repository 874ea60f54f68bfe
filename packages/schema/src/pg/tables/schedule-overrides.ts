import { bigint, foreignKey, jsonb, type PgSchema, primaryKey, text } from 'drizzle-orm/pg-core';
import type { OverrideType } from '../../contract/records.js';
import { sqlaTimestamptz } from '../columns/sqla-timestamptz.js';
import type { RowExtra } from '../extra.js';
import { EXTRA_DEFAULT } from './audit.js';
import type { defineSchedules } from './schedules.js';

/** Overrides of a schedule; deleting the schedule deletes them, as on SQLite (ON DELETE CASCADE). */
export const defineScheduleOverrides = (schema: PgSchema, schedules: ReturnType<typeof defineSchedules>) =>
  schema.table(
    'schedule_overrides',
    {
      projectId: bigint('project_id', { mode: 'number' }).notNull(),
      id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
      scheduleId: bigint('schedule_id', { mode: 'number' }).notNull(),
      overrideType: text('override_type').notNull().$type<OverrideType>(),
      expiresAt: sqlaTimestamptz('expires_at').notNull(),
      extra: jsonb('extra').$type<RowExtra>().notNull().default(EXTRA_DEFAULT),
      createdAt: sqlaTimestamptz('created_at').notNull(),
      updatedAt: sqlaTimestamptz('updated_at').notNull(),
    },
    (t) => [
      primaryKey({ name: 'pk_schedule_overrides', columns: [t.projectId, t.id] }),
      foreignKey({
        name: 'fk_schedule_overrides_schedule',
        columns: [t.projectId, t.scheduleId],
        foreignColumns: [schedules.projectId, schedules.id],
      }).onDelete('cascade'),
    ],
  );
