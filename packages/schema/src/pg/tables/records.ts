import type { PgTables } from './define-tables.js';

/*
 * The PostgreSQL rows and the columns only they have. A row without those columns is exactly
 * its dialect-free record (src/contract/records.ts), checked at compile time in records.test.ts,
 * so the two dialects cannot drift apart.
 */
export type PgProjectRow = PgTables['projects']['$inferSelect'];
export type PgLeaseStateRow = PgTables['leaseState']['$inferSelect'];
export type PgFeatureRow = PgTables['features']['$inferSelect'];
export type PgScheduleRow = PgTables['schedules']['$inferSelect'];
export type PgScheduleOverrideRow = PgTables['scheduleOverrides']['$inferSelect'];
export type PgConversationRow = PgTables['conversations']['$inferSelect'];
export type PgMessageRow = PgTables['conversationMessages']['$inferSelect'];

/** Scoping, leftovers from SQLite and audit times: what a PostgreSQL row adds to its record. */
export type PgOnlyColumns = 'projectId' | 'extra' | 'createdAt' | 'updatedAt';
/** features also has its database-wide primary key, and the transaction that last changed its queue columns. */
export type PgOnlyFeatureColumns = PgOnlyColumns | 'pk' | 'changedXid';
/** Where created_at (and for conversations updated_at) is a domain column, it stays in the record. */
export type PgOnlyScheduleColumns = Exclude<PgOnlyColumns, 'createdAt'>;
export type PgOnlyConversationColumns = 'projectId' | 'extra';
/** The lease state is per project instead of one row with id 1. */
export type PgOnlyLeaseStateColumns = 'projectId' | 'createdAt' | 'updatedAt';
