export * from './connection-cache.js';
export * from './errors.js';
export * from './hot-journal.js';
export * from './journal-mode.js';
export * from './make-directories.js';
export * from './open.js';
export * from './paths.js';
export * from './transaction.js';
