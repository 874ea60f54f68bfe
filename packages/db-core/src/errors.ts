import { explainCantOpen, whyNotWritable } from './file-access.js';

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
  | 'IO'
  | 'DISK_FULL'
  | 'CANT_OPEN'
  | 'HOT_JOURNAL';

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

/** A write ran out of room: the device, a disk quota or the process's file-size limit is full. */
export class DiskFullError extends ForgeDbError {
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
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('IO', message, options);
  }
}

/** SQLite could not open the file, or create the -journal, -wal or -shm file it needs beside it. */
export class CannotOpenError extends ForgeDbError {
  constructor(
    readonly file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('CANT_OPEN', `Cannot open ${file}: ${detail} Nothing was changed.`, options);
  }
}

/**
 * A writer stopped mid-transaction and left a hot rollback journal, which only a connection that
 * can write may roll back. Deleting the journal is what an operator must never do, so the
 * message says so instead of calling the file read-only.
 */
export class HotJournalError extends ForgeDbError {
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      'HOT_JOURNAL',
      `${file} has a hot rollback journal, ${file}-journal: a process stopped in the middle of a write ` +
        'transaction, and the journal holds the original pages needed to undo it. It must be rolled back before ' +
        `the database can be read, which needs write access to the file and its directory, but ${reason}. ` +
        `Do not delete ${file}-journal: without it the file stays half-written (corrupt). Give this user write ` +
        'access to both and run the command again (any forgedb command rolls the journal back), or copy the ' +
        'file and its -journal together to a writable place and open the copy. Nothing was changed.',
      options,
    );
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
  if (code === 'SQLITE_READONLY_ROLLBACK')
    return new HotJournalError(file, whyNotWritable(file) ?? 'this connection was opened read-only', {
      cause: error,
    });
  if (code.startsWith('SQLITE_READONLY')) return new ReadOnlyError(file, { cause: error });
  if (code === 'SQLITE_FULL') return new DiskFullError(file, { cause: error });
  if (code.startsWith('SQLITE_CANTOPEN'))
    return new CannotOpenError(file, explainCantOpen(file), { cause: error });
  if (code.startsWith('SQLITE_IOERR'))
    return new IoError(
      file,
      `${file}: the operating system failed a read or write (${code}: ${message}): a failing disk, a file-size limit or a ` +
        'file system that went away. The transaction was rolled back; nothing was changed.',
      { cause: error },
    );
  return error;
}

const FS_WRITE_DETAIL: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EFBIG: "the file would exceed this process's file-size limit",
};

/**
 * Maps a failed file-system write (node:fs) on `file` to a typed error naming it: a full disk,
 * quota or file-size limit is DiskFullError, a read-only file system ReadOnlyError. Other errors
 * that already name a path are returned unchanged; one that names none (a failed write(2) on a
 * descriptor) becomes an IoError naming `file`.
 */
export function mapFsWriteError(error: unknown, file: string): unknown {
  if (error instanceof ForgeDbError) return error;
  const e = error as NodeJS.ErrnoException | null;
  const code = String(e?.code ?? '');
  const detail = FS_WRITE_DETAIL[code];
  if (detail) return new DiskFullError(file, { cause: error, detail: `${detail} (${code})` });
  if (code === 'EROFS') return new ReadOnlyError(file, { cause: error });
  if (code.startsWith('E') && typeof e?.syscall === 'string' && e.path === undefined)
    return new IoError(file, `${file}: ${e.syscall} failed (${code}: ${e.message}); nothing was changed.`, {
      cause: error,
    });
  return error;
}
