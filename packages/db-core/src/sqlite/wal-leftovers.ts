import Database from 'better-sqlite3';
import { existsSync, realpathSync } from 'node:fs';
import { whyNotWritable } from './file-access.js';

/**
 * This process's read-only connections per database file, and whether the first of them found
 * the file without -wal and -shm (so that those, if they appear, are this process's to remove).
 */
const readers = new Map<string, { open: number; created: boolean }>();

const walFilesExist = (file: string) => existsSync(`${file}-wal`) || existsSync(`${file}-shm`);

/**
 * Reading a WAL database needs its -wal and -shm files, so a read-only connection creates them
 * when they are missing; but only a connection that may write can checkpoint and unlink them, so
 * SQLite leaves them behind when a read-only one closes. This connection's close tidies up: when
 * the last of this process's read-only connections to the file closes, and their first open had
 * found neither file, a short write-capable connection reads the schema and closes. SQLite's own
 * last-connection close then checkpoints and removes both files, and leaves them while any other
 * connection (in any process) still has the database open. Nothing is tried when this process
 * may not write the file or its directory: the files then stay, as SQLite leaves them
 * (docs/decisions/0018-read-only-wal-leftovers.md).
 */
class ReadOnlyConnection extends Database {
  readonly #release: () => void;

  constructor(file: string, release: () => void) {
    super(file, { readonly: true, fileMustExist: true });
    this.#release = release;
  }

  override close(): this {
    super.close();
    this.#release();
    return this;
  }
}

/** A read-only connection to an existing `file` that leaves no -wal or -shm of its own behind. */
export function openReadOnlyConnection(file: string, busyTimeoutMs: number): Database.Database {
  const key = realpathSync(file);
  const entry = readers.get(key) ?? { open: 0, created: !walFilesExist(file) };
  entry.open++;
  readers.set(key, entry);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (--entry.open > 0) return;
    readers.delete(key);
    if (entry.created && walFilesExist(file) && whyNotWritable(file) === null)
      removeWalFiles(file, busyTimeoutMs);
  };
  try {
    return new ReadOnlyConnection(file, release);
  } catch (error) {
    release();
    throw error;
  }
}

function removeWalFiles(file: string, busyTimeoutMs: number): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // The WAL is opened on the first read, and only a connection that opened it checkpoints and removes it.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch {
    // The read it tidies up after has already succeeded; files left by a failed tidy-up (a busy or
    // vanished file) are harmless, and the next connection that closes last removes them.
  } finally {
    db?.close();
  }
}
