import { pgSchema } from 'drizzle-orm/pg-core';
import { isPgSchemaName } from '../schema-name.js';
import { defineClaimGenerations } from './claim-generations.js';
import { defineConversationMessages } from './conversation-messages.js';
import { defineConversations } from './conversations.js';
import { defineFeatures } from './features.js';
import { defineLeaseState } from './lease-state.js';
import { defineProjects } from './projects.js';
import { defineScheduleOverrides } from './schedule-overrides.js';
import { defineSchedules } from './schedules.js';

/**
 * forgedb's PostgreSQL tables in the schema `name`. The schema is chosen at run time (a store
 * or migrator option, default `forgedb`), so the tables are built per name; drizzle-kit
 * generates the migrations from the default instance (`forgedbTables`).
 */
export function definePgTables(name: string) {
  if (!isPgSchemaName(name)) {
    throw new TypeError(
      `PostgreSQL schema name ${JSON.stringify(name)} is not usable: use a lowercase identifier ` +
        '(letters, digits, underscore; at most 63 characters; not starting with pg_).',
    );
  }
  const schema = pgSchema(name);
  const projects = defineProjects(schema);
  const schedules = defineSchedules(schema, projects);
  const conversations = defineConversations(schema, projects);
  return {
    schema,
    projects,
    leaseState: defineLeaseState(schema, projects),
    claimGenerations: defineClaimGenerations(schema),
    features: defineFeatures(schema, projects),
    schedules,
    scheduleOverrides: defineScheduleOverrides(schema, schedules),
    conversations,
    conversationMessages: defineConversationMessages(schema, conversations),
  };
}

export type PgTables = ReturnType<typeof definePgTables>;
