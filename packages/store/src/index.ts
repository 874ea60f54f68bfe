export type * from './api.js';
export { databaseClock, manualClock, type Clock, type ManualClock } from './clock.js';
export { LeaseLostError, UnsafeIdError } from './errors.js';
export * from './feature-list/index.js';
export {
  DEFAULT_LEASE_SECONDS,
  computeSchedulingScores,
  createFeaturesStore,
  wouldCreateCycle,
  type FeaturesStoreOptions,
  type ScoreInput,
} from './features/index.js';
export { openStore, type OpenStoreOptions, type StoreLocation } from './open-store.js';
export { MESSAGE_PAGE_LIMIT, createConversationsStore } from './conversations/index.js';
export { createSchedulesStore } from './schedules/index.js';
