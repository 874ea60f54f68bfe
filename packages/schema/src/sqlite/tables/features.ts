import { sql } from 'drizzle-orm';
import { index, sqliteTable } from 'drizzle-orm/sqlite-core';
import { boolean } from '../columns/boolean.js';
import { sqlaDateTime } from '../columns/datetime.js';
import { dependencyList } from '../columns/dependencies.js';
import { json } from '../columns/json.js';
import { int, integerPrimaryKey, text, varchar } from '../columns/sql-types.js';
import type { HumanInputRequest } from '../../contract/records.js';

/**
 * The backlog, in the Python app's current shape (docs/contracts.md#3-what-the-files-hold), plus the lease columns
 * forgedb adds (migration 0001). The lease columns are nullable or defaulted so that the
 * Python app, which does not know them, keeps inserting and updating rows.
 */
export const features = sqliteTable(
  'features',
  {
    id: integerPrimaryKey(),
    priority: int('priority').notNull().default(999),
    category: varchar('category', { length: 100 }).notNull(),
    name: varchar('name', { length: 255 }).notNull(),
    description: text('description').notNull(),
    steps: json<string[]>('steps').notNull(),
    passes: boolean('passes')
      .notNull()
      .default(sql`0`),
    inProgress: boolean('in_progress')
      .notNull()
      .default(sql`0`),
    dependencies: dependencyList('dependencies'),
    needsHumanInput: boolean('needs_human_input')
      .notNull()
      .default(sql`0`),
    humanInputRequest: json<HumanInputRequest>('human_input_request'),
    humanInputResponse: json<Record<string, unknown>>('human_input_response'),
    claimedBy: varchar('claimed_by', { length: 255 }),
    claimedAt: sqlaDateTime('claimed_at'),
    leaseExpiresAt: sqlaDateTime('lease_expires_at'),
    claimGeneration: int('claim_generation').notNull().default(0),
  },
  (t) => [
    index('ix_features_id').on(t.id),
    index('ix_feature_status').on(t.passes, t.inProgress, t.needsHumanInput),
    index('ix_features_priority').on(t.priority),
    index('ix_features_in_progress').on(t.inProgress),
    index('ix_features_passes').on(t.passes),
    index('ix_features_needs_human_input').on(t.needsHumanInput),
  ],
);

export type FeatureRow = typeof features.$inferSelect;
export type NewFeatureRow = typeof features.$inferInsert;
