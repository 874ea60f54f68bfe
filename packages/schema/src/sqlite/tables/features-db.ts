/** Everything stored in a project's features.db; drizzle.config.ts points here. */
export { features } from './features.js';
export { schedules } from './schedules.js';
export { scheduleOverrides } from './schedule-overrides.js';
export { leaseState } from './lease-state.js';
export { changeLog } from './change-log.js';
