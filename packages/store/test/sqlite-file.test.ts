import { runStoreConformance } from '@forgedb/store-conformance';
import { projectStoreFactory } from './factories.js';

runStoreConformance({
  name: 'SQLite store on a project directory',
  factory: projectStoreFactory,
  capabilities: { multiConnection: true },
});
