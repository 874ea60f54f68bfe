export { HISTORY_TABLE, type AppliedMigration, type MigrationMethod } from './history.js';
export { migrationMembership, type Membership, type ShippedMigration } from './plan/membership.js';
export { refuseUnsafeHistory } from './plan/refusals.js';
export type * from './reports.js';
export * from './deprecated.js';
