import { openDatabase } from '@forgedb/db-core';
import { upgradeDatabase } from '@forgedb/migrate';
import { exportFeatureList, importFeatureList } from '@forgedb/store';
import path from 'node:path';
import { featuresFile } from './fixtures.js';
import { openRaw } from './raw/connection.js';
import { rawExport, rawImport } from './raw/feature-list.js';
import { rawUpgrade } from './raw/upgrade.js';
import { nowMs } from './stats.js';
import { storeTasks } from './store-tasks.js';

export type Variant = 'forgedb' | 'raw';
export type Task = (params: never) => unknown;

export interface FileParams {
  variant: Variant;
  file: string;
}

/** Loads the modules and opens a database, nothing more: the RSS floor every other figure sits on. */
function idle({ variant, file }: FileParams) {
  const db = variant === 'forgedb' ? openDatabase({ file }) : openRaw(file);
  db.prepare('SELECT count(*) FROM features').get();
  db.close();
  return {};
}

function exportTask({ variant, file, out }: FileParams & { out: string }) {
  const start = nowMs();
  let count: number;
  if (variant === 'forgedb') {
    const db = openDatabase({ file });
    count = exportFeatureList(db, out).count;
    db.close();
  } else {
    const db = openRaw(file);
    count = rawExport(db, out);
    db.close();
  }
  return { ms: nowMs() - start, count };
}

function importTask({ variant, project }: { variant: Variant; project: string }) {
  const file = featuresFile(project);
  const start = nowMs();
  let count: number;
  if (variant === 'forgedb') {
    const db = openDatabase({ file });
    count = importFeatureList(db, project).imported;
    db.close();
  } else {
    const db = openRaw(file);
    count = rawImport(db, path.join(project, 'feature_list.json'));
    db.close();
  }
  return { ms: nowMs() - start, count };
}

/** Without the automatic backup on both sides: the backup is timed on its own (`backup: true`). */
function upgradeTask({ variant, file, backup }: FileParams & { backup?: boolean }) {
  const start = nowMs();
  if (variant === 'forgedb') {
    const db = openDatabase({ file });
    const result = upgradeDatabase(db, 'features', backup ? {} : { backup: false });
    db.close();
    if (!result.changed) throw new Error(`upgrade of ${file} changed nothing`);
  } else {
    const db = openRaw(file);
    rawUpgrade(db);
    db.close();
  }
  return { ms: nowMs() - start };
}

export const tasks: Record<string, Task> = {
  idle,
  export: exportTask,
  import: importTask,
  upgrade: upgradeTask,
  ...storeTasks,
};
