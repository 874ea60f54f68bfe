/*
 * The SQLite tables and column types as the package root (and the `./schema` and `./columns`
 * subpaths) exported them before the dialect split, kept for one release so that sibling apps
 * importing them from there keep working. Their new home is '@forgedb/schema/sqlite'. Nothing in
 * this repository imports these (docs/foundation.md, "Import paths").
 */
export {
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  boolean,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  sqlaDateTime,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  dependencyList,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  json,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  int,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  integerPrimaryKey,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  text,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  varchar,
} from './sqlite/columns/index.js';

export {
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  features,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type FeatureRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type NewFeatureRow,
} from './sqlite/tables/features.js';

export {
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  schedules,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type ScheduleRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type NewScheduleRow,
} from './sqlite/tables/schedules.js';

export {
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  scheduleOverrides,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type ScheduleOverrideRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type NewScheduleOverrideRow,
} from './sqlite/tables/schedule-overrides.js';

export {
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  leaseState,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type LeaseStateRow,
} from './sqlite/tables/lease-state.js';

export {
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  conversations,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type ConversationRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type NewConversationRow,
} from './sqlite/tables/conversations.js';

export {
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  conversationMessages,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type ConversationMessageRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type NewConversationMessageRow,
} from './sqlite/tables/conversation-messages.js';

export {
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  featuresDb,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  assistantDb,
} from './sqlite/tables/index.js';
