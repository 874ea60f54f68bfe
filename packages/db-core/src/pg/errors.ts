import {
  BusyError,
  ConflictError,
  ConstraintError,
  ForgeDbError,
  SchemaError,
  TimeoutError,
  UnavailableError,
} from '../errors/index.js';
import { redactSecrets } from './redact.js';

/** What pg's errors carry: a SQLSTATE from the server, an errno code from the socket. */
interface PgLikeError {
  code?: string;
  message?: string;
  constraint?: string;
  table?: string;
  schema?: string;
  detail?: string;
  address?: string;
  port?: number;
}

const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
]);

/** SQLSTATEs a retry of the whole transaction can cure: serialization failure, deadlock. */
export function isRetryablePgError(error: unknown): boolean {
  const code = (error as PgLikeError | null)?.code;
  return code === '40001' || code === '40P01';
}

export interface PgErrorContext {
  /** `host:port/database` (describeDatabase), named in every message. */
  target: string;
  /** The URL, so that its password can be scrubbed from any message that echoes it. */
  url?: string;
  /** The statement timeout in force, named by a TimeoutError. */
  statementTimeoutMs?: number;
}

/**
 * Turns an error from pg into forgedb's typed error (returned, not thrown), with a message that
 * names the database as `host:port/database` and never a password. Errors already typed, and
 * ones it does not know, come back unchanged (a driver bug should surface as itself).
 */
export function mapPgError(error: unknown, context: PgErrorContext): unknown {
  if (error instanceof ForgeDbError || typeof error !== 'object' || error === null) return error;
  const e = error as PgLikeError;
  const code = e.code ?? '';
  const message = redactSecrets(e.message ?? 'unknown error', context.url);
  const cause = { cause: error };
  if (CONNECTION_ERRNOS.has(code)) {
    const where = e.address ? `${e.address}${e.port ? `:${e.port}` : ''}` : context.target;
    return new UnavailableError(context.target, `${code} connecting to ${where}`, cause);
  }
  if (
    !code &&
    /timeout exceeded|timeout expired|Connection terminated|connection error|not queryable/i.test(message)
  ) {
    return new UnavailableError(context.target, message, cause);
  }
  switch (code) {
    case '23505':
      return new ConflictError(
        'duplicate',
        `A row with the same key already exists in ${e.table ?? 'the table'} on ${context.target}` +
          `${e.constraint ? ` (${e.constraint})` : ''}; nothing was changed.`,
      );
    case '23502':
    case '23503':
    case '23514':
    case '23P01':
      return new ConstraintError(
        e.constraint ?? (code === '23502' ? 'NOT NULL' : code === '23503' ? 'FOREIGN KEY' : 'CHECK'),
        `${message} (on ${context.target}); the transaction was rolled back.`,
        cause,
      );
    case '57014':
    case '25P03':
      return new TimeoutError(context.target, {
        operation: code === '25P03' ? 'An idle transaction' : 'A statement',
        ...(context.statementTimeoutMs === undefined ? {} : { timeoutMs: context.statementTimeoutMs }),
        cause: error,
      });
    case '40001':
    case '40P01':
    case '55P03':
      return new BusyError(context.target, cause);
    case '42P01':
    case '3F000':
      return new SchemaError(
        `${context.target} has no forgedb tables where they were looked for (${message}). ` +
          'Run `forgedb migrate --database-url …` with the same URL and schema first.',
      );
    case '3D000':
      return new UnavailableError(context.target, 'the database does not exist', cause);
    case '28P01':
    case '28000':
      return new UnavailableError(
        context.target,
        'authentication failed (check the user and password)',
        cause,
      );
    default:
      if (
        code.startsWith('08') ||
        code === '53300' ||
        code === '57P01' ||
        code === '57P02' ||
        code === '57P03'
      ) {
        return new UnavailableError(context.target, message, cause);
      }
      return error;
  }
}
