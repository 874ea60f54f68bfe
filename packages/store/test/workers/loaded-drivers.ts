import { createRequire } from 'node:module';
import { openStore } from '../../src/open-store.js';

/**
 * Opens a store (`memory` or a server URL, which fails to connect) and prints which database
 * drivers the process has loaded by then: CommonJS drivers, imported from ESM, sit in require.cache.
 */
const [location] = process.argv.slice(2);
if (location === 'memory') {
  const store = await openStore({ memory: true });
  await store.features.create({ category: 'c', name: 'n', description: 'd', steps: ['s'] });
  await store.features.claimNext({ agent: 'a' });
  await store.conversations.create({ project_name: 'p' });
  await store.close();
} else {
  await openStore({ url: location!, project: 'p', pool: { max: 1, connectionTimeoutMs: 2000 } }).catch(
    () => {},
  );
}
const cached = Object.keys(createRequire(import.meta.url).cache);
const loaded = (name: string) => cached.some((file) => file.includes(`/node_modules/${name}/`));
process.stdout.write(JSON.stringify({ pg: loaded('pg'), betterSqlite3: loaded('better-sqlite3') }));
