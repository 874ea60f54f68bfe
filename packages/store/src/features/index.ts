export { createFeaturesService } from './features-service.js';
export { computeSchedulingScores, type ScoreInput } from './scheduling-score.js';
export { wouldCreateCycle } from './dependency-rules.js';
