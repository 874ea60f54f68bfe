import { insideCallersTransaction, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { normaliseSql } from '@forgedb/migrate/sqlite';
import { CHANGE_LOG_TABLE, LEASE_STATE_TABLE } from '@forgedb/schema';
import { loadMigrations } from '@forgedb/schema/migrations';
import type { Statement } from 'better-sqlite3';
import type { ChangeFeed, FeedPosition, QueueSource, RawQueueRow } from '../features/queue-source.js';

/** The triggers that fill the log (migration 0004_change_log); without any of them it misses writes. */
export const CHANGE_LOG_TRIGGERS = [
  'features_log_insert',
  'features_log_update',
  'features_log_delete',
  'forgedb_changes_prune',
] as const;

const SAFE = `BETWEEN -${Number.MAX_SAFE_INTEGER} AND ${Number.MAX_SAFE_INTEGER}`;
const QUEUE_COLUMNS =
  'id, priority, CAST(dependencies AS TEXT), passes, in_progress, needs_human_input, lease_expires_at';

let expectedTriggers: Map<string, string> | undefined;

/** Each trigger's SQL as the last shipped migration that creates it has it, normalised. */
function triggerDefinitions(): Map<string, string> {
  if (expectedTriggers) return expectedTriggers;
  const found = new Map<string, string>();
  const names: readonly string[] = CHANGE_LOG_TRIGGERS;
  for (const m of loadMigrations('features', 'sqlite')) {
    for (const statement of m.statements) {
      const match = /^\s*CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?[`"[]?(\w+)/i.exec(statement);
      if (match && names.includes(match[1]!)) found.set(match[1]!, normaliseSql(statement));
    }
  }
  expectedTriggers = found;
  return found;
}

/**
 * True when the log's table and every trigger exist exactly as the migrations create them. A
 * trigger dropped by hand, lost in a table rebuild or edited makes the log incomplete; the reader
 * then reads the whole queue until `forgedb migrate` (or any store open) restores it.
 */
function logIntact(db: SqliteDatabase): boolean {
  const stored = new Map(
    (
      db
        .prepare(
          "SELECT type, name, sql FROM sqlite_master WHERE (type = 'trigger' AND tbl_name IN ('features', ?)) OR (type = 'table' AND name IN (?, ?))",
        )
        .all(CHANGE_LOG_TABLE, CHANGE_LOG_TABLE, LEASE_STATE_TABLE) as {
        type: string;
        name: string;
        sql: string | null;
      }[]
    ).map((r) => [`${r.type}:${r.name}`, r.sql ?? '']),
  );
  if (!stored.has(`table:${CHANGE_LOG_TABLE}`) || !stored.has(`table:${LEASE_STATE_TABLE}`)) return false;
  const expected = triggerDefinitions();
  return CHANGE_LOG_TRIGGERS.every((name) => {
    const sql = stored.get(`trigger:${name}`);
    return sql !== undefined && expected.get(name) === normaliseSql(sql);
  });
}

/** Runs a statement on a schema that may have lost the tables it names; undefined then. */
function tolerant<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

function sqliteChangeFeed(db: SqliteDatabase): ChangeFeed {
  let checkedSchema = -1;
  let intact = false;
  let state: Statement | undefined;
  let entries: Statement | undefined;
  const schemaVersionOf = db.prepare('SELECT schema_version FROM pragma_schema_version').pluck();

  return {
    position(seq) {
      if (seq < 0) return null;
      const schemaVersion = schemaVersionOf.get() as number;
      if (schemaVersion !== checkedSchema) {
        intact = tolerant(() => logIntact(db)) ?? false;
        checkedSchema = schemaVersion;
        state = entries = undefined;
      }
      if (!intact) return null;
      state ??= db
        .prepare(
          `SELECT (SELECT epoch FROM ${LEASE_STATE_TABLE} WHERE id = 1),
                  (SELECT feature_id FROM ${CHANGE_LOG_TABLE} WHERE seq = ?)`,
        )
        .raw();
      const row = tolerant(() => state!.get(seq) as [string | null, number | null]);
      if (!row || typeof row[0] !== 'string') return null;
      return { seq, lastId: row[1], epoch: row[0], schemaVersion };
    },

    changedSince(from: FeedPosition, to: FeedPosition, limit: number) {
      if (from.epoch !== to.epoch || from.schemaVersion !== to.schemaVersion || to.seq < from.seq)
        return null;
      if (to.seq - from.seq > limit) return null;
      if (to.seq === from.seq) return from.lastId === to.lastId ? [] : null;
      // An id beyond the safe range reads as NULL: such rows are never queued, so it is skipped.
      entries ??= db
        .prepare(
          `SELECT seq, CASE WHEN feature_id ${SAFE} THEN feature_id END
             FROM ${CHANGE_LOG_TABLE} WHERE seq >= ? AND seq <= ? ORDER BY seq`,
        )
        .raw();
      const rows = tolerant(() => entries!.all(from.seq, to.seq) as [number, number | null][]);
      if (!rows) return null;
      // seq is unique and the rows lie in [from.seq, to.seq]: the right count means no gap.
      let first = 0;
      if (from.lastId !== null) {
        if (rows[0]?.[0] !== from.seq || rows[0][1] !== from.lastId) return null;
        first = 1;
      }
      if (rows.length - first !== to.seq - from.seq) return null;
      const ids = new Set<number>();
      for (let k = first; k < rows.length; k++) {
        const id = rows[k]![1];
        if (id !== null) ids.add(id);
      }
      return [...ids];
    },
  };
}

/**
 * The queue's reads on SQLite. With `incremental`, the change log of migration 0004 tells which
 * rows changed since the last read (docs/decisions/0012-change-log.md).
 */
export function sqliteQueueSource(
  db: SqliteDatabase,
  { incremental }: { incremental: boolean },
): QueueSource {
  // Another connection's commit moves data_version; this connection's writes move total_changes().
  const plain = db.prepare('SELECT data_version, total_changes(), -1 FROM pragma_data_version').raw();
  const withLog = tolerant(() =>
    db
      .prepare(
        `SELECT data_version, total_changes(),
                IFNULL((SELECT seq FROM sqlite_sequence WHERE name = '${CHANGE_LOG_TABLE}'), 0)
           FROM pragma_data_version`,
      )
      .raw(),
  );
  // Raw SQL (docs/decisions/0004-raw-sql-where-it-stays.md): the queue reads positional rows, the whole table or the changed ids.
  // Dependencies as text: a BLOB would read as a new Buffer on every call and defeat the graph cache.
  const all = db.prepare(`SELECT ${QUEUE_COLUMNS} FROM features WHERE id ${SAFE} ORDER BY id`).raw();
  const byIds = db
    .prepare(
      `SELECT ${QUEUE_COLUMNS} FROM features
        WHERE id IN (SELECT value FROM json_each(?)) AND id ${SAFE} ORDER BY id`,
    )
    .raw();
  return {
    versions: () =>
      ((withLog && tolerant(() => withLog.get())) ?? plain.get()) as readonly [number, number, number],
    allRows: () => all.all() as RawQueueRow[],
    rowsById: (ids) => byIds.all(JSON.stringify(ids)) as RawQueueRow[],
    feed: incremental ? sqliteChangeFeed(db) : null,
    insideCallersTransaction: () => insideCallersTransaction(db),
  };
}

/** `FORGEDB_INCREMENTAL_QUEUE=0` switches the incremental path off for every store in the process. */
export function incrementalQueueDefault(): boolean {
  return process.env.FORGEDB_INCREMENTAL_QUEUE !== '0';
}
