export * from './conversations.js';
export * from './features.js';
export * from './ids.js';
export * from './limits.js';
export * from './schedules.js';
export { validate, type Refusal } from './validate.js';
