export * from './feature-list/index.js';
