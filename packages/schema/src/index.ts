export * from './columns/index.js';
export * from './migrations.js';
export * from './serialization.js';
export * from './tables/index.js';
export * from './validation/index.js';
