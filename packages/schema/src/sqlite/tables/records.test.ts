import { describe, expectTypeOf, it } from 'vitest';
import type {
  ChangeLogRecord,
  ConversationRecord,
  FeatureRecord,
  LeaseStateRecord,
  MessageRecord,
  ScheduleOverrideRecord,
  ScheduleRecord,
} from '../../contract/records.js';
import type {
  changeLog,
  conversationMessages,
  conversations,
  features,
  leaseState,
  scheduleOverrides,
  schedules,
} from './index.js';

/*
 * Checked by the compiler (`pnpm typecheck`, which CI runs), not at run time: a SQLite table whose
 * inferred row differs from its dialect-free record in any column, type or nullability fails to
 * compile here. The PostgreSQL tables get the same assertions beside these.
 */
describe('the SQLite tables infer exactly the dialect-free records', () => {
  it('features', () => {
    expectTypeOf<typeof features.$inferSelect>().toEqualTypeOf<FeatureRecord>();
  });
  it('schedules', () => {
    expectTypeOf<typeof schedules.$inferSelect>().toEqualTypeOf<ScheduleRecord>();
  });
  it('schedule_overrides', () => {
    expectTypeOf<typeof scheduleOverrides.$inferSelect>().toEqualTypeOf<ScheduleOverrideRecord>();
  });
  it('conversations', () => {
    expectTypeOf<typeof conversations.$inferSelect>().toEqualTypeOf<ConversationRecord>();
  });
  it('conversation_messages', () => {
    expectTypeOf<typeof conversationMessages.$inferSelect>().toEqualTypeOf<MessageRecord>();
  });
  it('__forgedb_lease_state', () => {
    expectTypeOf<typeof leaseState.$inferSelect>().toEqualTypeOf<LeaseStateRecord>();
  });
  it('__forgedb_changes', () => {
    expectTypeOf<typeof changeLog.$inferSelect>().toEqualTypeOf<ChangeLogRecord>();
  });
});
