import { forgedbTables } from './forgedb-tables.js';

/**
 * The `assistant` migration stream on PostgreSQL (drizzle.pg.assistant.config.ts points here).
 * Its tables reference `projects`, so the runner applies it after the `features` stream.
 */
export const { conversations, conversationMessages } = forgedbTables;
