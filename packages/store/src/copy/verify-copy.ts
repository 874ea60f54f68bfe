import { ValidationError } from '@forgedb/db-core';
import { cellsEqual, describeCell } from './cell.js';
import { COPY_BATCH, lastId, type CopyReader } from './stream-tables.js';
import { COPY_TABLES, fallbackCell } from './tables.js';

/**
 * Compares the SQLite side with the PostgreSQL side row by row: every column the SQLite row has,
 * storage class and value (docs/postgres.md#lossless-per-column). Throws a ValidationError naming
 * the first differences.
 */
export async function verifyCopy(sqlite: CopyReader, pg: CopyReader): Promise<void> {
  const differences: string[] = [];
  for (const table of COPY_TABLES) {
    const hasTable = await sqlite.hasTable(table);
    // Per table, not per row: on SQLite it is a catalog query.
    const notNull = sqlite.notNullColumns?.(table) ?? new Set<string>();
    const specs = new Map(table.columns.map((c) => [c.name, c]));
    let after: string | null = null;
    for (;;) {
      const left = hasTable ? await sqlite.batch(table, after, COPY_BATCH) : [];
      const right = await pg.batch(table, after, COPY_BATCH);
      const n = Math.max(left.length, right.length);
      for (let i = 0; i < n; i++) {
        const a = left[i];
        const b = right[i];
        if (!a || !b) {
          differences.push(`${table.name}: row ${describeCell((a ?? b)!.id)} is on one side only`);
          continue;
        }
        for (const [column, cell] of Object.entries(a)) {
          let expected = b[column];
          const spec = specs.get(column);
          if (expected?.type === 'null' && notNull.has(column) && spec?.fallback !== undefined) {
            expected = fallbackCell(spec);
          }
          if (!cellsEqual(cell, expected)) {
            differences.push(
              `${table.name} id ${describeCell(a.id)} column ${column}: SQLite ${describeCell(cell)}, PostgreSQL gives ${describeCell(b[column])}`,
            );
          }
        }
      }
      if (n === 0 || differences.length > 20) break;
      after = lastId(left.length >= right.length ? left : right);
    }
  }
  if (differences.length > 0) {
    throw new ValidationError(
      'input',
      `The copy does not hold the same data on both sides:\n  ${differences.slice(0, 20).join('\n  ')}`,
      differences.slice(0, 20).map((message) => ({ path: 'copy', message })),
    );
  }
}
