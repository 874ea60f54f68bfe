import type { Store } from '../../src/api.js';
import type { ManualClock } from '../../src/clock.js';

/**
 * The behavioural suite runs against any store implementation: each dialect provides a factory
 * that returns a fresh, empty store driven by a manual clock.
 */
export interface StoreFixture {
  store: Store;
  clock: ManualClock;
  cleanup(): Promise<void>;
}

export type StoreFactory = () => Promise<StoreFixture>;
