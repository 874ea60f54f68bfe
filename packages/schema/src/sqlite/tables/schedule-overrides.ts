import { index, sqliteTable } from 'drizzle-orm/sqlite-core';
import type { OverrideType } from '../../contract/records.js';
import { formatSqlaDateTime } from '../../encoding/datetime.js';
import { sqlaDateTime } from '../columns/datetime.js';
import { int, integerPrimaryKey, varchar } from '../columns/sql-types.js';
import { schedules } from './schedules.js';

export const scheduleOverrides = sqliteTable(
  'schedule_overrides',
  {
    id: integerPrimaryKey(),
    scheduleId: int('schedule_id')
      .notNull()
      .references(() => schedules.id, { onDelete: 'cascade' }),
    overrideType: varchar('override_type', { length: 10 }).notNull().$type<OverrideType>(),
    expiresAt: sqlaDateTime('expires_at').notNull(),
    createdAt: sqlaDateTime('created_at')
      .notNull()
      .$defaultFn(() => formatSqlaDateTime(new Date())),
  },
  (t) => [index('ix_schedule_overrides_id').on(t.id)],
);

export type ScheduleOverrideRow = typeof scheduleOverrides.$inferSelect;
export type NewScheduleOverrideRow = typeof scheduleOverrides.$inferInsert;
