import { pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import { runStoreConformance } from '@forgedb/store-conformance';
import { afterAll, beforeAll, describe } from 'vitest';
import { migratedDatabase, pgStoreFactory } from './pg-database.js';

let database: TestDatabase | undefined;

describe.skipIf(pgSkipped())('PostgreSQL', () => {
  beforeAll(async () => {
    database = await migratedDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  runStoreConformance({
    name: 'PostgreSQL store (one project per fixture, in one database)',
    factory: pgStoreFactory(() => database!),
    capabilities: { multiConnection: true, sharedGenerations: true },
  });
});
