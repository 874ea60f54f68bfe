import type Database from 'better-sqlite3';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';
import { exportFeatureList, importFeatureList } from '@forgedb/store/sqlite';
import path from 'node:path';
import { featuresFile } from './fixtures.js';
import { openRaw } from './raw/connection.js';
import { rawExport, rawImport } from './raw/feature-list.js';
import { rawUpgrade } from './raw/upgrade.js';
import { nowMs } from './stats.js';
import { changeLogTasks } from './change-log-tasks.js';
import { storeTasks } from './store-tasks.js';
import { pgTasks } from './pg/pg-tasks.js';
import { copyTasks } from './pg/copy-tasks.js';

export type Variant = 'forgedb' | 'raw';
export type Task = (params: never) => unknown;

export interface FileParams {
  variant: Variant;
  file: string;
}

function open(variant: Variant, file: string): Database.Database {
  return variant === 'forgedb' ? openDatabase({ file }) : openRaw(file);
}

/** Times opening `file` on the variant's connection, `work` on it, and closing it. */
function timed<T>(
  variant: Variant,
  file: string,
  work: (db: Database.Database) => T,
): { ms: number; result: T } {
  const start = nowMs();
  const db = open(variant, file);
  const result = work(db);
  db.close();
  return { ms: nowMs() - start, result };
}

/** Loads the modules and opens a database, nothing more: the RSS floor every other figure sits on. */
function idle({ variant, file }: FileParams) {
  const db = open(variant, file);
  db.prepare('SELECT count(*) FROM features').get();
  db.close();
  return {};
}

function exportTask({ variant, file, out }: FileParams & { out: string }) {
  const { ms, result: count } = timed(variant, file, (db) =>
    variant === 'forgedb' ? exportFeatureList(db, out).count : rawExport(db, out),
  );
  return { ms, count };
}

function importTask({ variant, project }: { variant: Variant; project: string }) {
  const { ms, result: count } = timed(variant, featuresFile(project), (db) =>
    variant === 'forgedb'
      ? importFeatureList(db, project).imported
      : rawImport(db, path.join(project, 'feature_list.json')),
  );
  return { ms, count };
}

/** Without the automatic backup on both sides: the backup is timed on its own (`backup: true`). */
function upgradeTask({ variant, file, backup }: FileParams & { backup?: boolean }) {
  const { ms } = timed(variant, file, (db) => {
    if (variant === 'raw') rawUpgrade(db);
    else if (!upgradeDatabase(db, 'features', backup ? {} : { backup: false }).changed)
      throw new Error(`upgrade of ${file} changed nothing`);
  });
  return { ms };
}

export const tasks: Record<string, Task> = {
  idle,
  export: exportTask,
  import: importTask,
  upgrade: upgradeTask,
  ...storeTasks,
  ...changeLogTasks,
  ...pgTasks,
  ...copyTasks,
};
