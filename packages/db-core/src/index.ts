export * from './connection-cache.js';
export * from './errors.js';
export * from './journal-mode.js';
export * from './open.js';
export * from './paths.js';
export * from './transaction.js';
