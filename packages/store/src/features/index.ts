export { DEFAULT_LEASE_SECONDS, createFeaturesStore, type FeaturesStoreOptions } from './features-store.js';
export { computeSchedulingScores, type ScoreInput } from './scheduling-score.js';
export { wouldCreateCycle } from './dependency-rules.js';
