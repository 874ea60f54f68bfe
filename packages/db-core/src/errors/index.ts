export {
  ForgeDbError,
  type ForgeDbErrorCode,
  type NeutralErrorCode,
  type SqliteErrorCode,
} from './forgedb-error.js';
export {
  ConflictError,
  LeaseLostError,
  NotFoundError,
  ValidationError,
  type ConflictReason,
  type NotFoundReason,
  type ValidationIssue,
  type ValidationReason,
} from './domain-errors.js';
export {
  BusyError,
  ConstraintError,
  DiskFullError,
  IoError,
  NotInitializedError,
  ReadOnlyError,
  SchemaError,
  TimeoutError,
  UnavailableError,
} from './neutral-errors.js';
export { mapFsWriteError } from './fs-errors.js';
