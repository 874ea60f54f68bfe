/**
 * Typed errors. Every error forgedb raises on purpose is a ForgeDbError with a stable `code`,
 * so callers (and the CLI's exit codes) can branch on it without parsing messages.
 */
export type ForgeDbErrorCode =
  | 'BUSY'
  | 'CONSTRAINT'
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'CONFLICT'
  | 'NOT_A_DATABASE'
  | 'READ_ONLY'
  | 'NOT_INITIALIZED'
  | 'ASYNC_TRANSACTION'
  | 'SCHEMA'
  | 'IO';

export class ForgeDbError extends Error {
  readonly code: ForgeDbErrorCode;
  constructor(code: ForgeDbErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The write lock was held by another connection for longer than the busy timeout. */
export class BusyError extends ForgeDbError {
  constructor(
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(
      'BUSY',
      `Database ${file} is locked by another process and stayed locked past the busy timeout; nothing was changed. ` +
        'Retry, or find the process holding the lock.',
      options,
    );
  }
}

export class ConstraintError extends ForgeDbError {
  constructor(
    readonly constraint: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('CONSTRAINT', message, options);
  }
}

export class NotFoundError extends ForgeDbError {
  constructor(
    readonly entity: string,
    readonly id: number | string,
  ) {
    super('NOT_FOUND', `${entity} ${id} not found`);
  }
}

export interface ValidationIssue {
  path: string;
  message: string;
}

export class ValidationError extends ForgeDbError {
  constructor(
    message: string,
    readonly issues: ValidationIssue[] = [],
  ) {
    super('VALIDATION', message);
  }
}

/** A guarded state change was refused; `reason` is the machine-readable why (e.g. `already_passing`). */
export class ConflictError extends ForgeDbError {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super('CONFLICT', message);
  }
}

export class NotADatabaseError extends ForgeDbError {
  constructor(
    readonly file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      'NOT_A_DATABASE',
      `${file} is not a usable SQLite database (${detail}); it was not modified.`,
      options,
    );
  }
}

export class ReadOnlyError extends ForgeDbError {
  constructor(
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super('READ_ONLY', `${file} (or its directory) is read-only; nothing was written.`, options);
  }
}

export class NotInitializedError extends ForgeDbError {
  constructor(what: string) {
    super('NOT_INITIALIZED', `${what} was used before it was initialised; call initDefaultDatabase() first.`);
  }
}

export class AsyncTransactionError extends ForgeDbError {
  constructor() {
    super(
      'ASYNC_TRANSACTION',
      'SQLite transactions are synchronous: pass a synchronous function. An async callback would commit ' +
        'after its first await, leaving the rest outside the transaction.',
    );
  }
}

export class SchemaError extends ForgeDbError {
  constructor(message: string) {
    super('SCHEMA', message);
  }
}

interface SqliteErrorLike {
  code?: unknown;
  message?: unknown;
}

function constraintName(message: string): string {
  const m = /constraint failed: (.+)$/i.exec(message);
  if (m?.[1]) return m[1].trim();
  if (/FOREIGN KEY/i.test(message)) return 'FOREIGN KEY';
  return 'unknown';
}

/**
 * Maps better-sqlite3's SqliteError to a typed error. Anything unrecognised is returned as is,
 * so no information is lost.
 */
export function mapSqliteError(error: unknown, file: string): unknown {
  if (error instanceof ForgeDbError) return error;
  const e = error as SqliteErrorLike;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new BusyError(file, { cause: error });
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    const name = constraintName(message);
    return new ConstraintError(
      name,
      `Constraint ${name} failed in ${file}: ${message}; the change was rolled back.`,
      {
        cause: error,
      },
    );
  }
  if (code === 'SQLITE_NOTADB')
    return new NotADatabaseError(file, 'file is not a database', { cause: error });
  if (code === 'SQLITE_CORRUPT')
    return new NotADatabaseError(file, 'database disk image is malformed', { cause: error });
  if (code.startsWith('SQLITE_READONLY')) return new ReadOnlyError(file, { cause: error });
  return error;
}
