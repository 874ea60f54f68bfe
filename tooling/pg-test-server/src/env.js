/** Where tests find the server: set by `run-with-pg`, or by you to use your own server. */
export const DATABASE_URL_VARIABLE = 'FORGEDB_TEST_DATABASE_URL';
/** `FORGEDB_SKIP_PG=1` skips every PostgreSQL test; the only way they are skipped. */
export const SKIP_VARIABLE = 'FORGEDB_SKIP_PG';

/** True only when PostgreSQL tests were skipped on purpose (`FORGEDB_SKIP_PG=1`). */
export function pgSkipped(env = process.env) {
  return env[SKIP_VARIABLE] === '1';
}

/**
 * The server's URL for a test. Neither a URL nor the skip flag means the suite was started
 * outside `pnpm test` and without a vitest global setup: that is an error, never a silent skip,
 * so a PostgreSQL run that did not happen cannot look green.
 */
export function testServerUrl(env = process.env) {
  const url = env[DATABASE_URL_VARIABLE];
  if (url) return url;
  throw new Error(
    `${DATABASE_URL_VARIABLE} is not set: run the tests with \`pnpm test\` (which starts a PostgreSQL server), ` +
      `set ${DATABASE_URL_VARIABLE} to a server of your own, or set ${SKIP_VARIABLE}=1 to skip the PostgreSQL tests.`,
  );
}

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable database URL)';
  }
}
