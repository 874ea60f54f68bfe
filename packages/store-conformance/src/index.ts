import { describe } from 'vitest';
import { conversationsSuite } from './conversations.js';
import { featuresSuite } from './features.js';
import { multiConnectionSuite } from './multi-connection.js';
import { schedulesSuite } from './schedules.js';
import type { ConformanceOptions } from './types.js';

export type { ConformanceOptions, StoreCapabilities, StoreFactory, StoreFixture } from './types.js';

/**
 * The store's behaviour through its public API only, for any adapter: call it at the top level of
 * a vitest file with the adapter's factory. Suites that need a capability run only when it is set.
 */
export function runStoreConformance({ name, factory, capabilities = {} }: ConformanceOptions): void {
  describe(name, () => {
    describe('features', () => featuresSuite(factory, capabilities));
    describe('schedules', () => schedulesSuite(factory));
    describe('conversations', () => conversationsSuite(factory));
    if (capabilities.multiConnection) describe('several connections', () => multiConnectionSuite(factory));
  });
}
