import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeDirectories } from './make-directories.js';

/** Where a project's files live, newest layout first (docs/contracts.md#1-where-the-files-are). */
export const PROJECT_DATA_DIRS = ['.autoforge', '.autocoder', ''] as const;

export const CURRENT_DATA_DIR = '.autoforge';

const RUNTIME_FILES = [
  'features.db',
  'features.db-wal',
  'features.db-shm',
  'features.db-journal',
  'assistant.db',
  'assistant.db-wal',
  'assistant.db-shm',
  'assistant.db-journal',
  '*.lock',
  // Backups sit next to each database as `<file>.backup-<stamp>-<pid>` (and `.tmp` while being written).
  '*.backup-*',
];

/** The existing file for `name` in the first layout that has one, or null. */
export function findProjectFile(projectDir: string, name: string): string | null {
  for (const dir of PROJECT_DATA_DIRS) {
    const candidate = path.resolve(projectDir, dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** The file to use for `name`: the existing one, else where a new one belongs (`.autoforge/`). No side effects. */
export function resolveDatabaseFile(projectDir: string, name: string): string {
  return findProjectFile(projectDir, name) ?? path.resolve(projectDir, CURRENT_DATA_DIR, name);
}

/**
 * Creates the file's parent directories. A `.autoforge/` directory gets a `.gitignore` for the
 * runtime files, so databases and their WAL files are never committed by accident.
 */
export function ensureParentDir(file: string): void {
  const dir = path.dirname(file);
  makeDirectories(dir);
  if (path.basename(dir) === CURRENT_DATA_DIR) {
    const ignore = path.join(dir, '.gitignore');
    if (!existsSync(ignore)) writeFileSync(ignore, `${RUNTIME_FILES.join('\n')}\n`);
  }
}
