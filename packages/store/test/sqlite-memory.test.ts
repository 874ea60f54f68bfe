import { describe } from 'vitest';
import { memoryStoreFactory } from './factories.js';
import { conversationsSuite } from './suite/conversations.js';
import { featuresSuite } from './suite/features.js';
import { schedulesSuite } from './suite/schedules.js';

describe('SQLite store in memory', () => {
  describe('features', () => featuresSuite(memoryStoreFactory));
  describe('schedules', () => schedulesSuite(memoryStoreFactory));
  describe('conversations', () => conversationsSuite(memoryStoreFactory));
});
