export * from './columns/index.js';
export * from './tables/index.js';
