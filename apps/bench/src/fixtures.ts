import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';
import { DATABASE_FILE_NAMES, DATABASE_KINDS, type DatabaseKind } from '@forgedb/schema';
import { OLDEST_FEATURES_DDL, backlog, type GeneratedFeature } from '@forgedb/test-utils';

export function tempDir(prefix = 'forgedb-bench-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A project directory with an empty, current-shape database of the given kind. */
export function newProject(root: string, name: string, kind: DatabaseKind): string {
  const project = path.join(root, name);
  const file = databaseFile(project, kind);
  mkdirSync(path.dirname(file), { recursive: true });
  const db = openDatabase({ file });
  upgradeDatabase(db, kind, { backup: false });
  db.close();
  return project;
}

function databaseFile(project: string, kind: DatabaseKind): string {
  return path.join(project, '.autoforge', DATABASE_FILE_NAMES[kind]);
}

export function featuresFile(project: string): string {
  return databaseFile(project, 'features');
}

export function assistantFile(project: string): string {
  return databaseFile(project, 'assistant');
}

/** Fills a features database with the seeded backlog (rows written directly: setup, not measured). */
export function fillBacklog(file: string, count: number, seed: number): void {
  const db = new Database(file);
  insertBacklog(
    db,
    `INSERT INTO features (id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, 0)`,
    count,
    seed,
    (f) => [f.passes ? 1 : 0, f.dependencies.length > 0 ? JSON.stringify(f.dependencies) : null],
  );
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Copies a project (its .autoforge databases, checkpointed) so each side of a figure gets identical data. */
export function copyProject(from: string, to: string): string {
  mkdirSync(path.join(to, '.autoforge'), { recursive: true });
  for (const kind of DATABASE_KINDS) {
    const src = databaseFile(from, kind);
    if (existsSync(src)) copyFileSync(src, databaseFile(to, kind));
  }
  return to;
}

/** A legacy file in the oldest shape (rollback journal, as the Python app left it), some passes NULL. */
export function makeOldestFile(file: string, count: number, seed: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.exec(OLDEST_FEATURES_DDL);
  insertBacklog(
    db,
    'INSERT INTO features (id, priority, category, name, description, steps, passes) VALUES (?, ?, ?, ?, ?, ?, ?)',
    count,
    seed,
    (f) => [f.id % 5 === 0 ? null : f.passes ? 1 : 0],
  );
  db.close();
}

/**
 * Writes the seeded backlog in one transaction through `sql`, whose first six parameters are the
 * columns every shape has (id ... steps); `rest` gives the shape-specific ones that follow.
 */
function insertBacklog(
  db: Database.Database,
  sql: string,
  count: number,
  seed: number,
  rest: (f: GeneratedFeature) => unknown[],
): void {
  const insert = db.prepare(sql);
  db.transaction(() => {
    for (const f of backlog(count, seed)) {
      insert.run(f.id, f.priority, f.category, f.name, f.description, JSON.stringify(f.steps), ...rest(f));
    }
  })();
}
