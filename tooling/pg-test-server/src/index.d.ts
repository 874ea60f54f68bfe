export declare const DATABASE_URL_VARIABLE: 'FORGEDB_TEST_DATABASE_URL';
export declare const SKIP_VARIABLE: 'FORGEDB_SKIP_PG';

/** True only when PostgreSQL tests were skipped on purpose (`FORGEDB_SKIP_PG=1`). */
export declare function pgSkipped(env?: NodeJS.ProcessEnv): boolean;
/** FORGEDB_TEST_DATABASE_URL; throws (never skips) when it is not set. */
export declare function testServerUrl(env?: NodeJS.ProcessEnv): string;
/** The URL with its password replaced by `***`. */
export declare function redactUrl(url: string): string;

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}
export declare function postgresBinaries(): PostgresBinaries;

export interface StartTestServerOptions {
  binaries?: PostgresBinaries;
  port?: number;
  parentDir?: string;
  maxConnections?: number;
  startTimeoutMs?: number;
}
export interface TestServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`, trust authentication. */
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  /** The binaries it runs (a shared copy when the unprivileged user could not reach the installed ones). */
  binaries: PostgresBinaries;
  /** Stops the server and removes its data directory; safe to call twice. */
  stop(): Promise<void>;
}
export declare function startTestServer(options?: StartTestServerOptions): Promise<TestServer>;

export interface TestTemplate {
  /** A lowercase identifier; change it when what `prepare` builds changes (e.g. include a hash). */
  name: string;
  /** Builds the template in the database at `url`; must close its connections before it returns. */
  prepare(url: string): Promise<void>;
}
export interface CreateTestDatabaseOptions {
  serverUrl?: string;
  prefix?: string;
  template?: TestTemplate;
}
export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}
export declare function createTestDatabase(options?: CreateTestDatabaseOptions): Promise<TestDatabase>;
export declare function databaseUrl(serverUrl: string, database: string): string;
