import { runStoreConformance } from '@forgedb/store-conformance';
import { memoryStoreFactory } from './factories.js';

// Each in-memory store is its own database, so there is no second connection to share it.
runStoreConformance({ name: 'SQLite store in memory', factory: memoryStoreFactory });
