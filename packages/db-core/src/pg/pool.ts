import pg from 'pg';
import { mapPgError } from './errors.js';
import { describeDatabase } from './redact.js';

const { Pool, types } = pg;

/**
 * Timestamps as PostgreSQL's text: pg would parse them into Date objects, which keep
 * milliseconds only, and SQLAlchemy's DATETIME text has microseconds that must survive byte for
 * byte. int8 stays text too (pg's default); the schema's columns decide how to read it.
 */
const TEXT_OIDS: ReadonlySet<number> = new Set([types.builtins.TIMESTAMPTZ, types.builtins.TIMESTAMP]);
const keepText = (value: string) => value;
const TEXT_TIMESTAMPS = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): unknown =>
    TEXT_OIDS.has(oid) ? keepText : (types.getTypeParser(oid, format ?? 'text') as unknown),
};

export interface OpenPoolOptions {
  /** Connections at most; default `min(10, floor(max_connections / 4))`, at least 1. */
  max?: number;
  /** Give up connecting after this long (default 10 s): an UnavailableError, not a hang. */
  connectionTimeoutMs?: number;
  /** Close connections idle this long (default 30 s). */
  idleTimeoutMs?: number;
  /** `application_name`, shown in pg_stat_activity (default `forgedb`). */
  applicationName?: string;
}

export interface ForgePgPool {
  pool: pg.Pool;
  /** `host:port/database`, for messages. */
  target: string;
  /** The URL, kept to scrub its password from messages; never printed. */
  url: string;
  max: number;
  close(): Promise<void>;
}

/** The default pool size: a quarter of the server's connections, so several processes fit, at most 10. */
export function defaultPoolSize(maxConnections: number): number {
  return Math.max(1, Math.min(10, Math.floor(maxConnections / 4)));
}

/**
 * A pool for a `postgres://` URL (TLS and other libpq parameters come from the URL, e.g.
 * `?sslmode=verify-full`), sized against the server's `max_connections` unless `max` is given.
 * Connects once to check the server is there, so a wrong URL fails here with an
 * UnavailableError naming host and port. Idle connections that the server drops are replaced on
 * the next checkout; a dropped connection never crashes the process.
 */
export async function openPool(url: string, options: OpenPoolOptions = {}): Promise<ForgePgPool> {
  const target = describeDatabase(url);
  const config: pg.PoolConfig = {
    connectionString: url,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    application_name: options.applicationName ?? 'forgedb',
    types: TEXT_TIMESTAMPS,
  };
  let max = options.max;
  if (max === undefined) {
    const probe = new pg.Client(config);
    probe.on('error', () => {});
    try {
      await probe.connect();
      const { rows } = await probe.query<{ max_connections: string }>('SHOW max_connections');
      max = defaultPoolSize(Number(rows[0]?.max_connections ?? 100));
    } catch (error) {
      throw mapPgError(error, { target, url });
    } finally {
      await probe.end().catch(() => {});
    }
  }
  const pool = new Pool({ ...config, max });
  // An idle client whose server connection dies emits 'error' on the pool; without a listener
  // that would crash the process. pg removes the broken client and the next checkout connects anew.
  pool.on('error', () => {});
  return { pool, target, url, max, close: () => pool.end() };
}
