export type * from './api.js';
export type {
  Awaitable,
  ConversationsAdapter,
  FeatureListAdapter,
  FeatureMark,
  FeaturesAdapter,
  SchedulesAdapter,
  StoreAdapters,
} from './adapter.js';
export { manualClock, type Clock, type ManualClock } from './clock.js';
export * from './errors.js';
export * from './feature-list/index.js';
export { computeSchedulingScores, wouldCreateCycle, type ScoreInput } from './features/index.js';
export { openStore, type OpenStoreOptions, type PgLocation, type StoreLocation } from './open-store.js';
export { createStore } from './store.js';
export { DEFAULT_LEASE_SECONDS, MESSAGE_PAGE_LIMIT } from './validation/index.js';
export * from './deprecated.js';
