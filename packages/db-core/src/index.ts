export * from './errors/index.js';
export * from './deprecated.js';
