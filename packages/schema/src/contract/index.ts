export { FEATURE_KEYS, type FeatureDict } from './feature-dict.js';
export * from './records.js';
export { normalizeSteps, serializeFeature, type FeatureRowLike } from './serialization.js';
