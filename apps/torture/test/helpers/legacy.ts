import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { OLDEST_FEATURES_DDL } from '@forgedb/test-utils';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';

/**
 * Database files are generated here rather than copied from the shared legacy fixtures, so the
 * suite runs wherever the repository is checked out (CI has no /work/shared).
 */

/** A features.db in the oldest shape (rollback journal, as the Python app left it), some passes NULL. */
export function makeOldestFile(file: string, count = 200): string {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.exec(OLDEST_FEATURES_DDL);
  const insert = db.prepare(
    'INSERT INTO features (id, priority, category, name, description, steps, passes) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (let i = 1; i <= count; i++) {
      insert.run(
        i,
        i,
        `cat${i % 7}`,
        `Feature ${i}`,
        `Description ${i}\n${'text '.repeat(i % 40)}`,
        '["step 0", "step 1"]',
        i % 3 === 0 ? null : i % 2,
      );
    }
  })();
  db.close();
  return file;
}

/** A current-shape features.db with `count` features, checkpointed into the main file (no -wal left). */
export function makeCurrentFile(file: string, count = 200): string {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = openDatabase({ file });
  upgradeDatabase(db, 'features', { backup: false });
  const insert = db.prepare(
    `INSERT INTO features (id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, 0)`,
  );
  db.transaction(() => {
    for (let i = 1; i <= count; i++) {
      insert.run(
        i,
        i,
        `cat${i % 7}`,
        `Feature ${i}`,
        `Description ${i} ${'text '.repeat(i % 40)}`,
        '["a","b"]',
        i % 2,
        i > 1 ? `[${i - 1}]` : null,
      );
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return file;
}

/** An empty, current-shape project: `<root>/<name>/.autoforge/features.db`. */
export function makeProject(root: string, name = 'project'): { project: string; file: string } {
  const project = path.join(root, name);
  const file = makeCurrentFile(path.join(project, '.autoforge', 'features.db'), 0);
  return { project, file };
}
