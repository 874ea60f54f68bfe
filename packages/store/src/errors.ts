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
