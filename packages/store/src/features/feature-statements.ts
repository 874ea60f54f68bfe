import type { SqliteDatabase } from '@forgedb/db-core';
import type { Statement } from 'better-sqlite3';

/** Every column a feature row carries, in one place so that all statements return the same shape. */
export const FEATURE_COLUMNS =
  'id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input, ' +
  'human_input_request, human_input_response, claimed_by, claimed_at, lease_expires_at, claim_generation';

/** A feature row as SQLite returns it: JSON columns as text, booleans as 0/1/NULL. */
export interface RawFeatureRow {
  id: number;
  priority: number;
  category: string;
  name: string;
  description: string;
  steps: string | null;
  passes: number | null;
  in_progress: number | null;
  dependencies: string | null;
  needs_human_input: number | null;
  human_input_request: string | null;
  human_input_response: string | null;
  claimed_by: string | null;
  claimed_at: string | null;
  lease_expires_at: string | null;
  claim_generation: number;
}

// Legacy rows may hold NULL booleans; NULL reads as false everywhere.
const NOT_PASSING = 'IFNULL(passes, 0) = 0';
const IDLE = 'IFNULL(in_progress, 0) = 0';
const NOT_WAITING = 'IFNULL(needs_human_input, 0) = 0';
const CLEAR_LEASE = 'claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL';
/**
 * Ids a JavaScript number holds exactly. A row beyond them (written by another tool) would be read
 * as a rounded id, which can name another row: the queue's reads leave such rows out.
 */
export const SAFE_ID = 'id BETWEEN -9007199254740991 AND 9007199254740991';
/** `@generation` NULL: an unguarded write; otherwise only while that claim still holds the feature. */
const HOLDER = '(@generation IS NULL OR (claim_generation = @generation AND in_progress = 1))';

type FeatureStatementName =
  | 'byId'
  | 'stats'
  | 'nextPriority'
  | 'insert'
  | 'queueRows'
  | 'names'
  | 'versions'
  | 'claim'
  | 'renew'
  | 'markPassing'
  | 'markFailing'
  | 'skip'
  | 'clearInProgress'
  | 'setDependencies'
  | 'requestHumanInput'
  | 'respondHumanInput'
  | 'staleClaims'
  | 'stampFirstSeen'
  | 'reclaim';

/**
 * The work queue's statements, prepared once per connection: rebuilding a query per call costs
 * far more than running it. Every state change is a single guarded UPDATE ... RETURNING, so the
 * guard and the change are one atomic step even without an enclosing transaction.
 */
export function prepareFeatureStatements(db: SqliteDatabase): Record<FeatureStatementName, Statement> {
  const returning = `RETURNING ${FEATURE_COLUMNS}`;
  return {
    byId: db.prepare(`SELECT ${FEATURE_COLUMNS} FROM features WHERE id = ?`),
    stats: db.prepare(
      `SELECT COUNT(*) AS total,
              IFNULL(SUM(IFNULL(passes, 0) != 0), 0) AS passing,
              IFNULL(SUM(IFNULL(in_progress, 0) != 0), 0) AS in_progress,
              IFNULL(SUM(IFNULL(needs_human_input, 0) != 0), 0) AS needs_human_input
         FROM features`,
    ),
    nextPriority: db.prepare('SELECT IFNULL(MAX(priority), 0) + 1 FROM features').pluck(),
    // SQLite's own choice, max(id) + 1, taken over the safe ids only: after a row beyond them it
    // would give ids no JavaScript number holds. Once the safe ids are used up, NULL lets SQLite
    // choose, and the caller refuses an id it cannot hold.
    insert: db.prepare(
      `INSERT INTO features (id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input)
       VALUES ((SELECT CASE WHEN IFNULL(MAX(id), 0) < ${Number.MAX_SAFE_INTEGER} THEN IFNULL(MAX(id), 0) + 1 END
                  FROM features WHERE ${SAFE_ID}),
               @priority, @category, @name, @description, @steps, 0, 0, @dependencies, 0) ${returning}`,
    ),
    // Dependencies as text: a BLOB would read as a new Buffer on every call and defeat the graph cache.
    queueRows: db
      .prepare(
        `SELECT id, priority, CAST(dependencies AS TEXT), passes, in_progress, needs_human_input, lease_expires_at
           FROM features WHERE ${SAFE_ID} ORDER BY id`,
      )
      .raw(),
    names: db.prepare(`SELECT id, name, category FROM features WHERE ${SAFE_ID}`),
    // Another connection's commit moves data_version; this connection's writes move total_changes().
    versions: db.prepare('SELECT data_version, total_changes() FROM pragma_data_version').raw(),
    claim: db.prepare(
      `UPDATE features SET in_progress = 1, claimed_by = @agent, claimed_at = @now, lease_expires_at = @expires,
              claim_generation = claim_generation + 1
        WHERE id = @id AND ${NOT_PASSING} AND ${NOT_WAITING}
          AND (${IDLE} OR (@takeover = 1 AND lease_expires_at IS NOT NULL AND lease_expires_at <= @now))
        ${returning}`,
    ),
    renew: db.prepare(
      `UPDATE features SET lease_expires_at = @expires
        WHERE id = @id AND claim_generation = @generation AND in_progress = 1 AND ${NOT_PASSING}
        ${returning}`,
    ),
    markPassing: db.prepare(
      `UPDATE features SET passes = 1, in_progress = 0, ${CLEAR_LEASE}
        WHERE id = @id AND ${NOT_PASSING} AND ${HOLDER} ${returning}`,
    ),
    markFailing: db.prepare(
      `UPDATE features SET passes = 0, in_progress = 0, ${CLEAR_LEASE} WHERE id = @id AND ${HOLDER} ${returning}`,
    ),
    skip: db.prepare(
      `UPDATE features SET priority = (SELECT MAX(priority) FROM features) + 1, in_progress = 0, ${CLEAR_LEASE}
        WHERE id = @id AND ${NOT_PASSING} AND ${HOLDER} ${returning}`,
    ),
    clearInProgress: db.prepare(
      `UPDATE features SET in_progress = 0, ${CLEAR_LEASE} WHERE id = @id AND ${HOLDER} ${returning}`,
    ),
    setDependencies: db.prepare(
      `UPDATE features SET dependencies = @dependencies WHERE id = @id ${returning}`,
    ),
    requestHumanInput: db.prepare(
      `UPDATE features SET needs_human_input = 1, in_progress = 0, human_input_request = @request,
              human_input_response = NULL, ${CLEAR_LEASE}
        WHERE id = @id AND in_progress = 1 AND ${NOT_PASSING} AND ${HOLDER} ${returning}`,
    ),
    respondHumanInput: db.prepare(
      `UPDATE features SET needs_human_input = 0, human_input_response = @response
        WHERE id = @id AND needs_human_input = 1 ${returning}`,
    ),
    staleClaims: db.prepare(
      `SELECT id, claimed_at FROM features
        WHERE ${SAFE_ID} AND in_progress = 1 AND ${NOT_PASSING} AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
        ORDER BY id`,
    ),
    stampFirstSeen: db.prepare(
      'UPDATE features SET claimed_at = @now WHERE id = @id AND in_progress = 1 AND claimed_at IS NULL',
    ),
    reclaim: db.prepare(
      `UPDATE features SET in_progress = 0, ${CLEAR_LEASE}, claim_generation = claim_generation + 1
        WHERE id = @id AND in_progress = 1`,
    ),
  };
}

export type FeatureStatements = Record<FeatureStatementName, Statement>;
