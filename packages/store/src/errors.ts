import { ConflictError } from '@forgedb/db-core';

/** The dialect-free errors, where callers of the store catch them (their home is @forgedb/db-core). */
export {
  BusyError,
  ConflictError,
  ConstraintError,
  DiskFullError,
  ForgeDbError,
  IoError,
  LeaseLostError,
  NotFoundError,
  NotInitializedError,
  ReadOnlyError,
  SchemaError,
  TimeoutError,
  UnavailableError,
  ValidationError,
  type ConflictReason,
  type ForgeDbErrorCode,
  type NotFoundReason,
  type ValidationIssue,
  type ValidationReason,
} from '@forgedb/db-core';

/**
 * The file holds feature ids beyond JavaScript's safe integer range (+-(2^53 - 1)), written by
 * another tool, and the operation would have to read or hand out such an id, which a JavaScript
 * number cannot hold exactly. Nothing was changed or written. `ids` are the far ids the file holds,
 * as exact text, where the operation read them (the export names them all; create reads none).
 */
export class UnsafeIdError extends ConflictError {
  declare readonly reason: 'unsafe_id';
  constructor(
    readonly ids: string[],
    message: string,
  ) {
    super('unsafe_id', message);
  }
}

/**
 * A feature's priority is text or a BLOB (written by another tool), and the operation needs the
 * highest priority plus one: SQLite's MAX orders such a cell above every number, and the Python
 * app's `func.max(Feature.priority) + 1` fails on it with a TypeError. Nothing was changed. `ids`
 * are the features whose priority is text or a BLOB, as exact text.
 */
export class UnusablePriorityError extends ConflictError {
  declare readonly reason: 'unusable_priority';
  constructor(
    readonly ids: string[],
    message: string,
  ) {
    super('unusable_priority', message);
  }
}
