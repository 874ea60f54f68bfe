export { DATABASE_URL_VARIABLE, SKIP_VARIABLE, pgSkipped, redactUrl, testServerUrl } from './env.js';
export { postgresBinaries } from './binaries.js';
export { startTestServer } from './server.js';
export { createTestDatabase, databaseUrl } from './test-database.js';
