import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import { LEASE_STATE_TABLE } from '@forgedb/schema';
import { FEATURE_COLUMNS } from './columns.js';
import type { Statement } from 'better-sqlite3';
import { featureRowStatement as rows, type FeatureRowStatement } from './feature-row.js';

// Legacy rows may hold NULL booleans; NULL reads as false everywhere.
const NOT_PASSING = 'IFNULL(passes, 0) = 0';
const IDLE = 'IFNULL(in_progress, 0) = 0';
const NOT_WAITING = 'IFNULL(needs_human_input, 0) = 0';
/**
 * Ids a JavaScript number holds exactly. A row beyond them (written by another tool) would be read
 * as a rounded id, which can name another row: the queue's reads leave such rows out.
 */
export const SAFE_ID = 'id BETWEEN -9007199254740991 AND 9007199254740991';
/** The highest generation issued in this file (docs/decisions/0002-sqlite-lease-trigger.md). */
const ISSUED = `IFNULL((SELECT generation FROM ${LEASE_STATE_TABLE}), 0)`;
/**
 * Ends the claim and every lease on it: no lease was issued for a generation above all issued ones.
 * The trigger of migration 0003 does the same for writers that do not; doing it in the statement
 * spares the trigger's second write of the row.
 */
const END_CLAIM = `claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL,
  claim_generation = CASE WHEN ${IDLE} THEN claim_generation ELSE max(${ISSUED}, claim_generation) + 1 END`;
/**
 * The lease's own claim, still held: its generation, in progress, its lease columns, and this
 * file's epoch (a restore starts a new one). `in_progress = 1` alone would also match a Python claim.
 */
const LIVE = `(claim_generation = @generation AND in_progress = 1 AND claimed_by IS @agent
  AND claimed_at = @claimedAt AND (SELECT epoch FROM ${LEASE_STATE_TABLE}) = @epoch)`;
/** `@generation` NULL: an unguarded write; otherwise only while that lease's claim still holds the feature. */
const HOLDER = `(@generation IS NULL OR ${LIVE})`;

/**
 * The work queue's statements, prepared once per connection: rebuilding a query per call costs
 * far more than running it. Every state change is a single guarded UPDATE ... RETURNING, so the
 * guard and the change are one atomic step even without an enclosing transaction.
 */
/** The statements that select or return a whole feature row, read as RawFeatureRow. */
type RowStatementName =
  | 'byId'
  | 'claim'
  | 'renew'
  | 'markPassing'
  | 'markFailing'
  | 'skip'
  | 'clearInProgress'
  | 'setDependencies'
  | 'requestHumanInput'
  | 'respondHumanInput';

type OtherStatementName =
  | 'stats'
  | 'maxPriority'
  | 'unusablePriorities'
  | 'nextSafeId'
  | 'insertWithId'
  | 'names'
  | 'recordIssued'
  | 'leaseLive'
  | 'staleClaims'
  | 'stampFirstSeen'
  | 'reclaim';

export type FeatureStatements = Record<RowStatementName, FeatureRowStatement> &
  Record<OtherStatementName, Statement>;

export function prepareFeatureStatements(db: SqliteDatabase): FeatureStatements {
  const returning = `RETURNING ${FEATURE_COLUMNS}`;
  return {
    byId: rows(db.prepare(`SELECT ${FEATURE_COLUMNS} FROM features WHERE id = ?`)),
    stats: db.prepare(
      `SELECT COUNT(*) AS total,
              IFNULL(SUM(IFNULL(passes, 0) != 0), 0) AS passing,
              IFNULL(SUM(IFNULL(in_progress, 0) != 0), 0) AS in_progress,
              IFNULL(SUM(IFNULL(needs_human_input, 0) != 0), 0) AS needs_human_input
         FROM features`,
    ),
    // The raw value: a text or BLOB cell is MAX over numbers, and `+ 1` in SQL would make it 1.
    maxPriority: db.prepare('SELECT MAX(priority) FROM features').pluck(),
    unusablePriorities: db.prepare(
      "SELECT CAST(id AS TEXT) AS id, typeof(priority) AS type FROM features WHERE typeof(priority) IN ('text', 'blob') ORDER BY id",
    ),
    // SQLite's own choice, max(id) + 1, taken over the safe ids only: after a row beyond them it
    // would give ids no JavaScript number holds (see feature-create.ts).
    nextSafeId: db.prepare(`SELECT IFNULL(MAX(id), 0) + 1 FROM features WHERE ${SAFE_ID}`).pluck(),
    // Nothing returned: the dicts are built from the values bound here (see feature-create.ts).
    insertWithId: db.prepare(
      `INSERT INTO features (id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input)
       VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, 0)`,
    ),
    names: db.prepare(`SELECT id, name, category FROM features WHERE ${SAFE_ID}`),
    // Raw SQL (docs/decisions/0004-raw-sql-where-it-stays.md): guard, claim and generation in one atomic UPDATE ... RETURNING.
    // A new generation above every one issued so far. An idle row's generation was set by the
    // end-of-claim trigger to one above all issued, and no lease was issued for it, so it may be used
    // as is; a takeover must move past the current holder's.
    claim: rows(
      db.prepare(
        `UPDATE features SET in_progress = 1, claimed_by = @agent, claimed_at = @now, lease_expires_at = @expires,
              claim_generation = CASE WHEN ${IDLE} THEN max(${ISSUED} + 1, claim_generation)
                                      ELSE max(${ISSUED}, claim_generation) + 1 END
        WHERE id = @id AND ${NOT_PASSING} AND ${NOT_WAITING}
          AND (${IDLE} OR (@takeover = 1 AND lease_expires_at IS NOT NULL AND lease_expires_at <= @now))
        ${returning}`,
      ),
    ),
    recordIssued: db
      .prepare(
        `UPDATE ${LEASE_STATE_TABLE} SET generation = max(generation, @generation) WHERE id = 1 RETURNING epoch`,
      )
      .pluck(),
    leaseLive: db.prepare(`SELECT 1 FROM features WHERE id = @id AND ${LIVE}`).pluck(),
    renew: rows(
      db.prepare(
        `UPDATE features SET lease_expires_at = @expires WHERE id = @id AND ${LIVE} AND ${NOT_PASSING} ${returning}`,
      ),
    ),
    markPassing: rows(
      db.prepare(
        `UPDATE features SET passes = 1, in_progress = 0, ${END_CLAIM}
        WHERE id = @id AND ${NOT_PASSING} AND ${HOLDER} ${returning}`,
      ),
    ),
    markFailing: rows(
      db.prepare(
        `UPDATE features SET passes = 0, in_progress = 0, ${END_CLAIM} WHERE id = @id AND ${HOLDER} ${returning}`,
      ),
    ),
    skip: rows(
      db.prepare(
        `UPDATE features SET priority = @priority, in_progress = 0, ${END_CLAIM}
        WHERE id = @id AND ${NOT_PASSING} AND ${HOLDER} ${returning}`,
      ),
    ),
    clearInProgress: rows(
      db.prepare(
        `UPDATE features SET in_progress = 0, ${END_CLAIM} WHERE id = @id AND ${HOLDER} ${returning}`,
      ),
    ),
    setDependencies: rows(
      db.prepare(`UPDATE features SET dependencies = @dependencies WHERE id = @id ${returning}`),
    ),
    requestHumanInput: rows(
      db.prepare(
        `UPDATE features SET needs_human_input = 1, in_progress = 0, human_input_request = @request,
              human_input_response = NULL, ${END_CLAIM}
        WHERE id = @id AND in_progress = 1 AND ${NOT_PASSING} AND ${HOLDER} ${returning}`,
      ),
    ),
    respondHumanInput: rows(
      db.prepare(
        `UPDATE features SET needs_human_input = 0, human_input_response = @response
        WHERE id = @id AND needs_human_input = 1 ${returning}`,
      ),
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
      `UPDATE features SET in_progress = 0, ${END_CLAIM} WHERE id = @id AND in_progress = 1`,
    ),
  };
}
