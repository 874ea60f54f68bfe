export * from './contract/index.js';
export * from './encoding/index.js';
export * from './files.js';
export * from './migrations/index.js';
export * from './validation/index.js';
export * from './deprecated.js';
