import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import { dependencyCycles } from '../verify/dependency-cycles.js';
import { listIds, MAX_LISTED } from '../verify/list-ids.js';

/** Number.MAX_SAFE_INTEGER; compared in SQL, where ids are exact 64-bit integers. */
const MAX_SAFE = '9007199254740991';

export interface FeatureFindings {
  /** Ids no API can address: not positive, or outside JavaScript's safe integer range. */
  ids: string[];
  priorities: string[];
  dependencies: string[];
}

/**
 * Row-level anomalies of the features table that no reader throws at, but that leave features
 * unreachable or blocked. Every id is read as text, so ids beyond 2^53 are reported exactly.
 */
export function findFeatureAnomalies(db: SqliteDatabase, columns: ReadonlySet<string>): FeatureFindings {
  const text = (sql: string) => db.prepare(sql).pluck().all() as string[];
  const ids: string[] = [];
  const nonPositive = text('SELECT CAST(id AS TEXT) FROM features WHERE id <= 0 ORDER BY id');
  if (nonPositive.length > 0)
    ids.push(
      `features id <= 0: ${listIds(nonPositive)} (ids start at 1: no forgedb or Python API call can address these rows; give them positive ids)`,
    );
  const unsafe = text(
    `SELECT CAST(id AS TEXT) FROM features WHERE id > ${MAX_SAFE} OR id < -${MAX_SAFE} ORDER BY id`,
  );
  if (unsafe.length > 0)
    ids.push(
      `features id outside the safe integer range (|id| > 2^53 - 1): ${listIds(unsafe)} ` +
        '(JavaScript cannot hold them exactly, so forgedb leaves them out of the queue; give them smaller ids)',
    );

  const priorities: string[] = [];
  if (columns.has('priority')) {
    const rows = db
      .prepare(
        "SELECT CAST(id AS TEXT) AS id, typeof(priority) AS type FROM features WHERE typeof(priority) <> 'integer' ORDER BY id",
      )
      .all() as { id: string; type: string }[];
    if (rows.length > 0)
      priorities.push(
        `features.priority is not an integer in id ${listIds(rows.map((r) => `${r.id} (${r.type})`))} ` +
          "(the Python app's API expects an integer priority; set one)",
      );
  }

  const dependencies: string[] = [];
  if (columns.has('dependencies')) {
    // Only a JSON array's integer entries count, as for every reader (docs/store.md).
    const entries = db
      .prepare(
        `SELECT CAST(f.id AS TEXT) AS id, CAST(j.value AS TEXT) AS dep,
                j.value > ${MAX_SAFE} OR j.value < -${MAX_SAFE} AS unsafe
           FROM features f,
                json_each(CASE WHEN typeof(f.dependencies) = 'text' AND json_valid(f.dependencies)
                               THEN CASE WHEN json_type(f.dependencies) = 'array' THEN f.dependencies END END) j
          WHERE j.type = 'integer'
          ORDER BY f.id`,
      )
      .all() as { id: string; dep: string; unsafe: number }[];
    const edges = new Map<string, string[]>(
      text('SELECT CAST(id AS TEXT) FROM features ORDER BY id').map((id) => [id, []]),
    );
    const selfDependent = new Set<string>();
    const unsafeEntries: string[] = [];
    for (const e of entries) {
      if (e.dep === e.id) selfDependent.add(e.id);
      if (e.unsafe) unsafeEntries.push(`${e.id} (on ${e.dep})`);
      edges.get(e.id)?.push(e.dep);
    }
    if (selfDependent.size > 0)
      dependencies.push(
        `features depending on themselves: ${listIds([...selfDependent])} (such a feature never becomes ready; remove the entry)`,
      );
    const cycles = dependencyCycles(edges);
    for (const cycle of cycles.slice(0, MAX_LISTED))
      dependencies.push(
        `dependency cycle between features ${listIds(cycle)} (each waits for another; remove one of the dependencies)`,
      );
    if (cycles.length > MAX_LISTED) dependencies.push(`… ${cycles.length} dependency cycles in all`);
    if (unsafeEntries.length > 0)
      dependencies.push(
        `dependency ids outside the safe integer range in feature ${listIds(unsafeEntries)} (left out of the queue)`,
      );
  }
  return { ids, priorities, dependencies };
}
