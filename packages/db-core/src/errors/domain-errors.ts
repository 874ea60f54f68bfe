import { ForgeDbError } from './forgedb-error.js';

/** What was not found. */
export type NotFoundReason =
  | 'feature'
  | 'schedule'
  | 'conversation'
  /** A dependency edge that `removeDependency` was asked to remove. */
  | 'dependency'
  | 'project_directory'
  | 'features_database'
  /** A PostgreSQL project (by name) that the database does not hold. */
  | 'project';

const NOT_FOUND_ENTITY: Record<NotFoundReason, string> = {
  feature: 'feature',
  schedule: 'schedule',
  conversation: 'conversation',
  dependency: 'dependency',
  project_directory: 'project directory',
  features_database: 'features database',
  project: 'project',
};

export class NotFoundError extends ForgeDbError {
  declare readonly code: 'NOT_FOUND';
  /** How the message names what was not found, e.g. `feature` or `dependency of feature 3 on feature`. */
  readonly entity: string;
  constructor(
    readonly reason: NotFoundReason,
    readonly id: number | string,
    /** `hint`: what to do instead, appended to the message (e.g. which projects exist). */
    options: { entity?: string; hint?: string } = {},
  ) {
    const entity = options.entity ?? NOT_FOUND_ENTITY[reason];
    super('NOT_FOUND', `${entity} ${id} not found${options.hint ? `: ${options.hint}` : ''}`);
    this.entity = entity;
  }
}

/** Which kind of input was refused; `issues` name the offending fields. */
export type ValidationReason =
  /** An argument of an API call or command: a schema, an id, a limit, a filter, a lease, a cursor. */
  | 'input'
  /** A setting from the environment, e.g. `FORGEDB_JOURNAL_MODE`. */
  | 'configuration'
  /** The content of a `feature_list.json` being imported. */
  | 'feature_list'
  /** Where an export was asked to write (a database, a directory, no path for an in-memory one). */
  | 'export_target'
  /** The database an export was asked to read has no features table. */
  | 'export_source'
  /** The file a restore was asked to copy from (not an AutoForge database, of the wrong kind, the target itself). */
  | 'restore_source';

export interface ValidationIssue {
  path: string;
  message: string;
}

export class ValidationError extends ForgeDbError {
  declare readonly code: 'VALIDATION';
  constructor(
    readonly reason: ValidationReason,
    message: string,
    readonly issues: ValidationIssue[] = [],
  ) {
    super('VALIDATION', message);
  }
}

/** Why a guarded state change was refused. */
export type ConflictReason =
  | 'already_passing'
  | 'already_in_progress'
  | 'waiting_for_human'
  | 'not_in_progress'
  | 'not_waiting_for_human'
  /** The row changed between the guarded UPDATE and the re-read that explains why it matched nothing. */
  | 'refused'
  | 'dependency_cycle'
  | 'lease_lost'
  /** The file holds feature ids beyond JavaScript's safe integers (`UnsafeIdError` in `@forgedb/store`). */
  | 'unsafe_id'
  /** A schedule's crash_count is already the largest value both dialects store (`incrementCrashCount`). */
  | 'crash_count_at_limit'
  /** A feature's priority is text or a BLOB, so the next priority cannot be computed (`UnusablePriorityError` in `@forgedb/store`). */
  | 'unusable_priority'
  /** A backup's target file already exists. */
  | 'target_exists'
  /** A row with the same key already exists (a server's unique violation, e.g. PostgreSQL's 23505). */
  | 'duplicate';

/** A guarded state change was refused; `reason` is the machine-readable why (e.g. `already_passing`). */
export class ConflictError extends ForgeDbError {
  declare readonly code: 'CONFLICT';
  constructor(
    readonly reason: ConflictReason,
    message: string,
  ) {
    super('CONFLICT', message);
  }
}

/**
 * The caller's claim was superseded: the feature was reclaimed, taken over after its lease
 * expired, or released by someone else. The write it attempted did not happen; the agent should
 * stop working on the feature (or claim it again).
 */
export class LeaseLostError extends ConflictError {
  declare readonly reason: 'lease_lost';
  constructor(
    readonly featureId: number,
    readonly generation: number,
  ) {
    super(
      'lease_lost',
      `Feature ${featureId}: the claim (generation ${generation}) is no longer held; it was released, ` +
        'reclaimed or taken over after its lease expired. Nothing was changed.',
    );
  }
}
