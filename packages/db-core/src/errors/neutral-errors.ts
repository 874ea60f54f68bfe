import { ForgeDbError } from './forgedb-error.js';

/*
 * Errors every dialect maps its own failures onto (`mapSqliteError` for SQLite), so a caller
 * handles a lock, a timeout or an unreachable database the same way whatever the database is.
 * `target` names the database concerned: a file path for SQLite, the server and database name
 * (never credentials) for a server.
 */

/** The write lock was held by another connection for longer than the busy timeout. */
export class BusyError extends ForgeDbError {
  declare readonly code: 'BUSY';
  constructor(
    readonly target: string,
    options?: { cause?: unknown },
  ) {
    super(
      'BUSY',
      `Database ${target} is locked by another process and stayed locked past the busy timeout; nothing was changed. ` +
        'Retry, or find the process holding the lock.',
      options,
    );
  }

  /** @deprecated Use `target`, which names the database whatever its dialect. */
  get file(): string {
    return this.target;
  }
}

/**
 * A statement or a connection attempt did not finish within its time limit and was cancelled
 * (e.g. a server's statement timeout). SQLite never raises it: its only wait is for a lock, BUSY.
 */
export class TimeoutError extends ForgeDbError {
  declare readonly code: 'TIMEOUT';
  readonly timeoutMs: number | undefined;
  constructor(
    readonly target: string,
    options: { operation?: string; timeoutMs?: number; cause?: unknown } = {},
  ) {
    const limit = options.timeoutMs === undefined ? 'its time limit' : `${options.timeoutMs} ms`;
    super(
      'TIMEOUT',
      `${options.operation ?? 'The operation'} on ${target} did not finish within ${limit} and was cancelled; ` +
        'nothing was changed. Retry it; if it keeps timing out, look for long-running transactions or locks on ' +
        'that database, or raise the timeout.',
      { cause: options.cause },
    );
    this.timeoutMs = options.timeoutMs;
  }
}

/**
 * The database cannot be reached or does not accept connections now (refused, shutting down,
 * too many connections). SQLite never raises it: a file that cannot be opened is CANT_OPEN.
 */
export class UnavailableError extends ForgeDbError {
  declare readonly code: 'UNAVAILABLE';
  constructor(
    readonly target: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      'UNAVAILABLE',
      `Database ${target} is unavailable (${detail}); nothing was changed. Check that the server is running, ` +
        'reachable from this machine and accepting connections, then retry.',
      options,
    );
  }
}

export class ConstraintError extends ForgeDbError {
  declare readonly code: 'CONSTRAINT';
  constructor(
    readonly constraint: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('CONSTRAINT', message, options);
  }
}

export class ReadOnlyError extends ForgeDbError {
  declare readonly code: 'READ_ONLY';
  constructor(
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super('READ_ONLY', `${file} (or its directory) is read-only; nothing was written.`, options);
  }
}

/** Something was used before the call that sets it up; `remedy` says which call that is. */
export class NotInitializedError extends ForgeDbError {
  declare readonly code: 'NOT_INITIALIZED';
  constructor(what: string, remedy: string) {
    super('NOT_INITIALIZED', `${what} was used before it was initialised; ${remedy}.`);
  }
}

/** A database's schema cannot be used or upgraded; the message names the file and what to do. */
export class SchemaError extends ForgeDbError {
  declare readonly code: 'SCHEMA';
  constructor(message: string) {
    super('SCHEMA', message);
  }
}

/** A write ran out of room: the device, a disk quota or the process's file-size limit is full. */
export class DiskFullError extends ForgeDbError {
  declare readonly code: 'DISK_FULL';
  constructor(
    readonly file: string,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(
      'DISK_FULL',
      `Could not write ${file}: ${options?.detail ?? 'no space left on the device (or a disk quota or file-size limit was reached)'}. ` +
        'What was being written was discarded and nothing else was changed; free some space and retry.',
      options,
    );
  }
}

/** The operating system refused a read or a write for another reason (failing disk, vanished mount, ...). */
export class IoError extends ForgeDbError {
  declare readonly code: 'IO';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('IO', message, options);
  }
}
