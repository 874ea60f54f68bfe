export * from './conversation.js';
export * from './feature.js';
export * from './human-input.js';
export * from './limits.js';
export * from './schedule.js';
export * from './well-formed-text.js';
