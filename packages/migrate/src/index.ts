export * from './backup.js';
export { HISTORY_TABLE, readHistory, type AppliedMigration } from './history.js';
export * from './inspect.js';
export type { Guard } from './guards.js';
export type { DatabaseShape, UpgradePlan } from './plan.js';
export * from './project.js';
export * from './upgrade.js';
export * from './verify.js';
export * from './legacy-shapes.js';
