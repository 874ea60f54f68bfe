import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { FeatureStatusFilter } from '../api.js';
import { FEATURE_COLUMNS } from './columns.js';
import { featureRowStatement, type FeatureRowStatement } from './feature-row.js';
import { SAFE_ID } from './feature-statements.js';

const STATUS_WHERE: Record<FeatureStatusFilter, string> = {
  pending: 'IFNULL(passes, 0) = 0 AND IFNULL(in_progress, 0) = 0 AND IFNULL(needs_human_input, 0) = 0',
  in_progress: 'IFNULL(in_progress, 0) != 0 AND IFNULL(passes, 0) = 0',
  passing: 'IFNULL(passes, 0) != 0',
  needs_human_input: 'IFNULL(needs_human_input, 0) != 0',
};

const cache = new WeakMap<SqliteDatabase, Map<string, FeatureRowStatement>>();

/**
 * One prepared statement per filter combination (at most 20), built on first use: list pages are
 * read by keyset on (priority, id), so page N costs the same as page 1. Rows beyond the safe id
 * range are left out, as everywhere an id is read back into JavaScript.
 */
export function listStatement(
  db: SqliteDatabase,
  shape: { status: FeatureStatusFilter | undefined; category: boolean; after: boolean },
): FeatureRowStatement {
  const key = `${shape.status ?? ''}|${shape.category}|${shape.after}`;
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map<string, FeatureRowStatement>()));
  let stmt = perDb.get(key);
  if (!stmt) {
    const where = [
      // The unary + keeps the planner on the priority index: a rowid range would sort every row.
      `+${SAFE_ID}`,
      shape.status ? STATUS_WHERE[shape.status] : null,
      shape.category ? 'category = @category' : null,
      shape.after ? '(priority > @priority OR (priority = @priority AND id > @id))' : null,
    ].filter((w) => w !== null);
    stmt = featureRowStatement(
      db.prepare(
        `SELECT ${FEATURE_COLUMNS} FROM features WHERE ${where.join(' AND ')} ORDER BY priority, id LIMIT @limit`,
      ),
    );
    perDb.set(key, stmt);
  }
  return stmt;
}
