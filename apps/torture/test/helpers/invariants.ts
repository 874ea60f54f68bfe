import Database from 'better-sqlite3';
import { createHash, type Hash } from 'node:crypto';

export interface FeatureState {
  id: number;
  priority: number;
  name: string;
  passes: number;
  in_progress: number;
  dependencies: string | null;
  claimed_by: string | null;
  claim_generation: number;
}

/** Runs `read` on a fresh connection to `file`, closed afterwards whatever `read` does. */
function inspect<T>(file: string, read: (db: Database.Database) => T): T {
  // Not `readonly: true`: a WAL file left by a killed writer must be recovered, which needs write access.
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 30000');
    return read(db);
  } finally {
    db.close();
  }
}

export function integrity(file: string): string {
  return inspect(file, (db) =>
    (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; '),
  );
}

export function features(file: string): FeatureState[] {
  return inspect(
    file,
    (db) =>
      db
        .prepare(
          'SELECT id, priority, name, passes, in_progress, dependencies, claimed_by, claim_generation FROM features ORDER BY id',
        )
        .all() as FeatureState[],
  );
}

/**
 * Invariants every features.db must satisfy whatever was killed when: the file is intact, foreign
 * keys hold, ids and priorities are unique, a feature in progress has exactly one holder and a
 * feature not in progress none, and nothing is both passing and in progress.
 */
export function assertQueueInvariants(file: string): FeatureState[] {
  const problems: string[] = [];
  const check = integrity(file);
  if (check !== 'ok') problems.push(`integrity_check: ${check}`);
  const fk = inspect(file, (db) => db.pragma('foreign_key_check') as unknown[]);
  if (fk.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(fk)}`);
  const rows = features(file);
  const ids = new Set<number>();
  const priorities = new Map<number, number>();
  for (const r of rows) {
    if (ids.has(r.id)) problems.push(`duplicate id ${r.id}`);
    ids.add(r.id);
    const other = priorities.get(r.priority);
    if (other !== undefined) problems.push(`features ${other} and ${r.id} share priority ${r.priority}`);
    priorities.set(r.priority, r.id);
    if (r.passes && r.in_progress) problems.push(`feature ${r.id} is passing and in progress`);
    if (r.in_progress && !r.claimed_by) problems.push(`feature ${r.id} is in progress without a holder`);
    if (!r.in_progress && r.claimed_by)
      problems.push(`feature ${r.id} is not in progress but held by ${r.claimed_by}`);
  }
  if (problems.length > 0)
    throw new Error(`${file} breaks invariants:\n  ${problems.slice(0, 20).join('\n  ')}`);
  return rows;
}

/** sha256 of every row of a table in rowid order: "the same data" down to the byte of each cell. */
export function tableDigest(file: string, table: string): string {
  return inspect(file, (db) => {
    const h = createHash('sha256');
    hashRows(db, table, h);
    return h.digest('hex');
  });
}

function hashRows(db: Database.Database, table: string, h: Hash): void {
  // Rows as arrays, one hash update per row: as exact as objects, and a 20k-row table hashes in tens of ms.
  for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).raw().iterate())
    h.update(JSON.stringify(row));
}

export function count(file: string, table = 'features'): number {
  return inspect(file, (db) => db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number);
}

/** The schema as SQLite stores it (tables, indexes, triggers), sorted: identifies a shape exactly. */
export function schemaOf(file: string): string {
  return inspect(file, (db) =>
    db
      .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all()
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
}

/** sha256 over every table's rows (schema included): "the data is untouched", whatever the journal did. */
export function databaseDigest(file: string): string {
  return inspect(file, (db) => {
    const h = createHash('sha256');
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as { name: string; sql: string }[];
    for (const t of tables) {
      h.update(`${t.sql}\n`);
      hashRows(db, t.name, h);
    }
    return h.digest('hex');
  });
}
