import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import type { PlannedStep } from '../reports.js';
import { indexMismatch, indexTable, indexesByTable, type IndexShape } from './index-shape.js';
import { listTables, quoteIdent, tableColumns } from './introspect.js';
import type { ExpectedColumn, ExpectedTable } from './snapshot.js';

/** One idempotent step that brings a legacy file toward the baseline shape. */
export interface Guard extends PlannedStep {
  /** Runs the step when executing `sql` in order is not all it takes (checks around the statements). */
  apply?: (db: SqliteDatabase) => void;
}

function addColumnSql(table: string, c: ExpectedColumn): string {
  const hasDefault = c.default !== undefined;
  // SQLite can add a NOT NULL column only with a default; without one the column stays nullable.
  const notNull = c.notNull && hasDefault ? ' NOT NULL' : '';
  const dflt = hasDefault ? ` DEFAULT ${String(c.default)}` : '';
  return `ALTER TABLE ${quoteIdent(table)} ADD COLUMN ${quoteIdent(c.name)} ${c.type}${notNull}${dflt}`;
}

/**
 * Plans the runtime column-upgrade guards: create missing tables, add missing columns with the
 * spec's defaults, repair NULL booleans to 0, create missing indexes and recreate those whose
 * columns differ. No table or column is ever dropped, renamed or rebuilt; columns the schema does
 * not know (e.g. `testing_in_progress`) are left alone.
 */
export function planGuards(db: SqliteDatabase, baseline: Map<string, ExpectedTable>): Guard[] {
  const existing = new Set(listTables(db));
  const guards: Guard[] = [];
  const indexGuards: Guard[] = [];
  const allIndexes = indexesByTable(db);
  for (const table of baseline.values()) {
    if (!existing.has(table.name)) {
      if (!table.createTable)
        throw new Error(`No CREATE TABLE statement for ${table.name} in the baseline migration`);
      guards.push({
        id: `create-table:${table.name}`,
        description: `create missing table ${table.name}`,
        sql: [table.createTable, ...table.createIndexes.values()],
      });
      continue;
    }
    const columns = new Map(tableColumns(db, table.name).map((c) => [c.name, c]));
    for (const c of table.columns) {
      if (!columns.has(c.name)) {
        guards.push({
          id: `add-column:${table.name}.${c.name}`,
          description: `add missing column ${table.name}.${c.name} (${c.type}${c.default !== undefined ? `, default ${String(c.default)}` : ''})`,
          sql: [addColumnSql(table.name, c)],
        });
      } else if (c.type === 'BOOLEAN') {
        const nulls = db
          .prepare(`SELECT count(*) FROM ${quoteIdent(table.name)} WHERE ${quoteIdent(c.name)} IS NULL`)
          .pluck()
          .get() as number;
        if (nulls > 0) {
          guards.push({
            id: `repair-nulls:${table.name}.${c.name}`,
            description: `repair ${nulls} NULL value(s) in boolean ${table.name}.${c.name} to 0 (NULL already reads as false)`,
            sql: [
              `UPDATE ${quoteIdent(table.name)} SET ${quoteIdent(c.name)} = 0 WHERE ${quoteIdent(c.name)} IS NULL`,
            ],
          });
        }
      }
    }
    const indexes = allIndexes.get(table.name.toLowerCase()) ?? new Map<string, IndexShape>();
    for (const [name, statement] of table.createIndexes) {
      const create = statement.replace(
        /^CREATE (UNIQUE )?INDEX /i,
        (_m, u: string | undefined) => `CREATE ${u ?? ''}INDEX IF NOT EXISTS `,
      );
      const actual = indexes.get(name.toLowerCase());
      const expected = table.indexes.find((ix) => ix.name === name);
      if (!actual) {
        // A same-named index on another table is the user's: verify reports it, nothing drops it.
        if (indexTable(allIndexes, name) === undefined) {
          indexGuards.push({
            id: `create-index:${name}`,
            description: `create missing index ${name} on ${table.name}`,
            sql: [create],
          });
        }
        continue;
      }
      const mismatch = expected && indexMismatch(actual, expected);
      if (mismatch) {
        // An index is derived data: dropping and recreating it under the lock loses nothing.
        indexGuards.push({
          id: `recreate-index:${name}`,
          description: `recreate index ${name} on ${table.name} (it ${mismatch})`,
          sql: [`DROP INDEX ${quoteIdent(actual.name)}`, create],
        });
      }
    }
  }
  // Indexes last: they may cover columns added above.
  return [...guards, ...indexGuards];
}
