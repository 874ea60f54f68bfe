import {
  BusyError,
  ConstraintError,
  DiskFullError,
  ForgeDbError,
  IoError,
  ReadOnlyError,
} from '../errors/index.js';
import { explainCantOpen, whyNotWritable } from './file-access.js';

/*
 * The errors only SQLite raises, and the mapping of better-sqlite3's SqliteError onto forgedb's
 * typed errors (neutral ones where every dialect has the same failure, these where only SQLite does).
 */

/** Not a SQLite file, a directory, missing where it must exist, or damaged; the file was not modified. */
export class NotADatabaseError extends ForgeDbError {
  declare readonly code: 'NOT_A_DATABASE';
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

/** An async callback, or one returning a promise, was passed to a (synchronous) SQLite transaction. */
export class AsyncTransactionError extends ForgeDbError {
  declare readonly code: 'ASYNC_TRANSACTION';
  constructor() {
    super(
      'ASYNC_TRANSACTION',
      'SQLite transactions are synchronous: pass a synchronous function. An async callback would commit ' +
        'after its first await, leaving the rest outside the transaction.',
    );
  }
}

/** SQLite could not open the file, or create the -journal, -wal or -shm file it needs beside it. */
export class CannotOpenError extends ForgeDbError {
  declare readonly code: 'CANT_OPEN';
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
  declare readonly code: 'HOT_JOURNAL';
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
