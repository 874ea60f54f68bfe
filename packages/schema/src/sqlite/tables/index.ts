export * from './features.js';
export * from './schedules.js';
export * from './schedule-overrides.js';
export * from './lease-state.js';
export * from './change-log.js';
export * from './conversations.js';
export * from './conversation-messages.js';
export * as featuresDb from './features-db.js';
export * as assistantDb from './assistant-db.js';
