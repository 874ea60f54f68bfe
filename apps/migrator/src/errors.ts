import { ConflictError, ForgeDbError, ValidationError, type ValidationIssue } from '@forgedb/db-core';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** The command line itself is wrong (unknown command or flag, missing or conflicting target): exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The operation could not be done; the message already says what was (not) changed: exit 1. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly code = 'FAILED',
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

const ERRNO: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EFBIG: "the file would exceed this process's file-size limit",
  EEXIST: 'already exists',
};

export interface DescribedError {
  code: string;
  message: string;
  /** ConflictError's machine-readable why (e.g. `already_passing`), for scripts that branch on it. */
  reason?: string;
  /** ValidationError's offending fields. */
  issues?: ValidationIssue[];
}

/** A message a person can act on, and a stable code for --json output, for anything a command throws. */
export function describeError(error: unknown): DescribedError {
  if (error instanceof CommandError) return { code: error.code, message: error.message };
  // forgedb's typed errors are written for people already: they name the file and what was left untouched.
  if (error instanceof ConflictError)
    return { code: error.code, message: error.message, reason: error.reason };
  if (error instanceof ValidationError && error.issues.length > 0)
    return { code: error.code, message: error.message, issues: error.issues };
  if (error instanceof ForgeDbError) return { code: error.code, message: error.message };
  const e = error as NodeJS.ErrnoException & { dest?: string };
  if (typeof e?.code === 'string' && typeof e.syscall === 'string') {
    const where = e.path ? ` ${e.path}${e.dest ? ` -> ${e.dest}` : ''}` : '';
    return { code: 'IO', message: `file error: ${e.syscall}${where}: ${ERRNO[e.code] ?? e.code}` };
  }
  if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_'))
    return { code: e.code, message: `SQLite error (${e.code}): ${e.message}` };
  return { code: 'INTERNAL', message: `unexpected error: ${e instanceof Error ? e.message : String(error)}` };
}
