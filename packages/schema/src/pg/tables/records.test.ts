import { describe, expectTypeOf, it } from 'vitest';
import type {
  ConversationRecord,
  FeatureRecord,
  LeaseStateRecord,
  MessageRecord,
  ScheduleOverrideRecord,
  ScheduleRecord,
} from '../../contract/records.js';
import type {
  PgConversationRow,
  PgFeatureRow,
  PgLeaseStateRow,
  PgMessageRow,
  PgOnlyColumns,
  PgOnlyConversationColumns,
  PgOnlyFeatureColumns,
  PgOnlyLeaseStateColumns,
  PgOnlyScheduleColumns,
  PgScheduleOverrideRow,
  PgScheduleRow,
} from './records.js';

/*
 * Checked by the compiler (`pnpm typecheck`), like src/sqlite/tables/records.test.ts: a
 * PostgreSQL table whose row, without the columns only PostgreSQL has, differs from its
 * dialect-free record in any column, type or nullability fails to compile here.
 */
describe('the PostgreSQL tables infer the dialect-free records, plus their PostgreSQL-only columns', () => {
  it('features', () => {
    expectTypeOf<Omit<PgFeatureRow, PgOnlyFeatureColumns>>().toEqualTypeOf<FeatureRecord>();
  });
  it('schedules', () => {
    expectTypeOf<Omit<PgScheduleRow, PgOnlyScheduleColumns>>().toEqualTypeOf<ScheduleRecord>();
  });
  it('schedule_overrides', () => {
    expectTypeOf<
      Omit<PgScheduleOverrideRow, PgOnlyScheduleColumns>
    >().toEqualTypeOf<ScheduleOverrideRecord>();
  });
  it('conversations', () => {
    expectTypeOf<Omit<PgConversationRow, PgOnlyConversationColumns>>().toEqualTypeOf<ConversationRecord>();
  });
  it('conversation_messages', () => {
    expectTypeOf<Omit<PgMessageRow, PgOnlyColumns>>().toEqualTypeOf<MessageRecord>();
  });
  it('lease_state (one row per project instead of id 1)', () => {
    expectTypeOf<Omit<PgLeaseStateRow, PgOnlyLeaseStateColumns>>().toEqualTypeOf<
      Omit<LeaseStateRecord, 'id'>
    >();
  });
});
