/**
 * The `@forgedb/schema/schema` subpath, deprecated for one release: the SQLite tables moved to
 * '@forgedb/schema/sqlite'; the dialect-free constants and types it also exported are at the root.
 */
export {
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  features,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type FeatureRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type NewFeatureRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  schedules,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type ScheduleRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type NewScheduleRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  scheduleOverrides,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type ScheduleOverrideRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type NewScheduleOverrideRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  leaseState,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type LeaseStateRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  conversations,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type ConversationRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type NewConversationRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  conversationMessages,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type ConversationMessageRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  type NewConversationMessageRow,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  featuresDb,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  assistantDb,
} from '../deprecated.js';
export {
  ALL_DAYS,
  LEASE_STATE_TABLE,
  MESSAGE_ROLES,
  OVERRIDE_TYPES,
  type HumanInputField,
  type HumanInputRequest,
  type MessageRole,
  type OverrideType,
} from '../contract/records.js';
