import { sql } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, type PgSchema, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { HumanInputRequest } from '../../contract/records.js';
import { dependencyText } from '../columns/dependency-text.js';
import { sqlaTimestamptz } from '../columns/sqla-timestamptz.js';
import { xid8 } from '../columns/xid8.js';
import type { RowExtra } from '../extra.js';
import { auditColumns, EXTRA_DEFAULT } from './audit.js';
import type { defineProjects } from './projects.js';

/**
 * The backlog. `pk` identifies a row in the database; `id` is the feature id agents and
 * `feature_list.json` use, unique per project (docs/decisions/0008-postgresql-feature-ids.md).
 * Column names and meanings are SQLite's; strings are `text` because SQLite never enforced the
 * Python model's VARCHAR lengths (validation does), integers the Python app writes are `bigint`
 * because SQLite's are 64-bit.
 */
export const defineFeatures = (schema: PgSchema, projects: ReturnType<typeof defineProjects>) =>
  schema.table(
    'features',
    {
      pk: bigint('pk', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      projectId: bigint('project_id', { mode: 'number' })
        .notNull()
        .references(() => projects.id),
      id: bigint('id', { mode: 'number' }).notNull(),
      priority: bigint('priority', { mode: 'number' }).notNull().default(999),
      category: text('category').notNull(),
      name: text('name').notNull(),
      description: text('description').notNull(),
      steps: jsonb('steps').$type<string[]>().notNull(),
      passes: boolean('passes').notNull().default(false),
      inProgress: boolean('in_progress').notNull().default(false),
      dependencies: dependencyText('dependencies'),
      needsHumanInput: boolean('needs_human_input').notNull().default(false),
      humanInputRequest: jsonb('human_input_request').$type<HumanInputRequest>(),
      humanInputResponse: jsonb('human_input_response').$type<Record<string, unknown>>(),
      claimedBy: text('claimed_by'),
      claimedAt: sqlaTimestamptz('claimed_at'),
      leaseExpiresAt: sqlaTimestamptz('lease_expires_at'),
      claimGeneration: bigint('claim_generation', { mode: 'number' }).notNull().default(0),
      extra: jsonb('extra').$type<RowExtra>().notNull().default(EXTRA_DEFAULT),
      /**
       * The transaction that last wrote the row's status or graph columns (`pg_current_xact_id()`,
       * set by every forgedb write of them), so a process reads only the rows changed since its
       * previous snapshot (docs/decisions/0016-pg-status-delta.md). NULL: not written since the
       * column was added.
       */
      changedXid: xid8('changed_xid'),
      ...auditColumns(),
    },
    (t) => [
      uniqueIndex('ux_features_project_id').on(t.projectId, t.id),
      index('ix_features_project_status').on(t.projectId, t.passes, t.inProgress, t.needsHumanInput),
      index('ix_features_project_priority').on(t.projectId, t.priority, t.id),
      index('ix_features_project_lease')
        .on(t.projectId, t.leaseExpiresAt)
        .where(sql`${t.inProgress}`),
      index('ix_features_project_changed').on(t.projectId, t.changedXid),
    ],
  );
