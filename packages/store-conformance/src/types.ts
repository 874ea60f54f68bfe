import type { ManualClock, Store } from '@forgedb/store';

/**
 * What an adapter's factory returns: a fresh, empty store driven by a manual clock. With the
 * multiConnection capability, `openAnother` opens a second store on the same database (another
 * connection, as a second agent process would).
 */
export interface StoreFixture {
  store: Store;
  clock: ManualClock;
  cleanup(): Promise<void>;
  openAnother?(): Promise<Store>;
}

export type StoreFactory = () => Promise<StoreFixture>;

export interface StoreCapabilities {
  /** Several stores can share one database (a file, a server); the factory's fixtures have `openAnother`. */
  multiConnection?: boolean;
  /**
   * Claim generations come from a counter every project of the database shares (PostgreSQL,
   * decision 0015): they still grow per feature and never repeat in a store, but a fresh store's
   * first claim need not be 1, nor the next one exactly one above. Without it they are counted
   * per store (SQLite) and the suite checks the exact numbers.
   */
  sharedGenerations?: boolean;
}

export interface ConformanceOptions {
  /** The describe block's name, e.g. "SQLite store on a project directory". */
  name: string;
  factory: StoreFactory;
  capabilities?: StoreCapabilities;
}
