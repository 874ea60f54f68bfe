import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase } from '../src/sqlite/index.js';
import { removeTempDirs, tempDir, workerScripts, type Running } from '@forgedb/test-utils';

/** Workers in TypeScript over this package's sources, talking JSON lines over stdin/stdout. */
const scripts = workerScripts(path.resolve(import.meta.dirname, 'workers'), { tsx: true, stdin: true });

/**
 * The multi-process tests' fixture: before each test a fresh WAL file holding one counter row,
 * after it every worker still running killed. `file()` is the current test's file.
 */
export function counterFile() {
  let file = '';
  const workers: Running[] = [];
  beforeEach(() => {
    file = path.join(tempDir(), 'features.db');
    const db = openDatabase({ file }, { journalMode: 'WAL' });
    db.exec(
      'CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0)',
    );
    db.close();
  });
  afterEach(() => {
    for (const w of workers.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    removeTempDirs();
  });
  return {
    file: () => file,
    /** Starts a worker of test/workers/ with `args`, and Node options such as `--cpu-prof`. */
    start: (name: string, args: string[], nodeArgs: string[] = []): Running => {
      const w = scripts.start(name, args, { nodeArgs });
      workers.push(w);
      return w;
    },
    /** The counter, read by a connection of its own. */
    counter: () => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare('SELECT n FROM counter WHERE id = 1').pluck().get();
      } finally {
        db.close();
      }
    },
  };
}
