import { describe } from 'vitest';
import { projectStoreFactory } from './factories.js';
import { conversationsSuite } from './suite/conversations.js';
import { featuresSuite } from './suite/features.js';
import { schedulesSuite } from './suite/schedules.js';

describe('SQLite store on a project directory', () => {
  describe('features', () => featuresSuite(projectStoreFactory));
  describe('schedules', () => schedulesSuite(projectStoreFactory));
  describe('conversations', () => conversationsSuite(projectStoreFactory));
});
