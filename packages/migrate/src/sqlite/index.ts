export * from './backup.js';
export { contentDigest } from './content-digest.js';
export { databaseKindOf } from './database-kind.js';
export { readHistory } from './history.js';
export * from './inspect.js';
export * from './lease-epoch.js';
export type { Guard } from './guards.js';
export { migrationSetFor, upgradeDatabase, type UpgradeOptions } from './upgrade.js';
export { verifyDatabase } from './verify.js';
