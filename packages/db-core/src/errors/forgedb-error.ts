/**
 * The codes every dialect raises: callers (and the CLI's exit codes and `--json` output) branch
 * on these, never on messages, so a code never changes meaning once shipped.
 */
export type NeutralErrorCode =
  | 'BUSY'
  | 'TIMEOUT'
  | 'UNAVAILABLE'
  | 'CONSTRAINT'
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'CONFLICT'
  | 'READ_ONLY'
  | 'NOT_INITIALIZED'
  | 'SCHEMA'
  | 'IO'
  | 'DISK_FULL';

/**
 * Codes only the SQLite wiring raises (`@forgedb/db-core/sqlite`). Named here, as plain strings,
 * so that the one `ForgeDbErrorCode` union covers everything a caller can receive.
 */
export type SqliteErrorCode = 'NOT_A_DATABASE' | 'ASYNC_TRANSACTION' | 'CANT_OPEN' | 'HOT_JOURNAL';

export type ForgeDbErrorCode = NeutralErrorCode | SqliteErrorCode;

/**
 * Every error forgedb raises on purpose is a ForgeDbError with a stable `code`, so callers can
 * branch on it without parsing messages. Messages are written for a person: what happened, what
 * was (not) changed, what to do.
 */
export class ForgeDbError extends Error {
  readonly code: ForgeDbErrorCode;
  constructor(code: ForgeDbErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
