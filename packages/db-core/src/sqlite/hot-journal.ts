import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { mapSqliteError } from './errors.js';
import { whyNotWritable } from './file-access.js';

/** The first bytes of a rollback journal's header; a committed PERSIST journal has them zeroed. */
const JOURNAL_MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);

function hasLiveJournalHeader(file: string): boolean {
  const journal = `${file}-journal`;
  if (!existsSync(journal)) return false;
  const head = Buffer.alloc(JOURNAL_MAGIC.length);
  const fd = openSync(journal, 'r');
  try {
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(JOURNAL_MAGIC);
  } finally {
    closeSync(fd);
  }
}

/**
 * A writer killed mid-transaction in rollback-journal mode leaves a hot journal. A read-only
 * connection cannot roll it back (SQLite refuses with SQLITE_READONLY_ROLLBACK), so before one is
 * opened, a short write-capable connection takes a read lock, which makes SQLite roll the dead
 * transaction back: the file returns to its last committed content, which is recovery, not a
 * change of data. A journal of a writer that is still alive is left to it (SQLite sees its lock).
 * When this process may not write, nothing is tried; the read-only open then reports
 * HotJournalError if the journal really is hot. Returns whether a recovery open ran.
 */
export function recoverHotJournal(file: string, busyTimeoutMs: number): boolean {
  if (!hasLiveJournalHeader(file) || whyNotWritable(file) !== null) return false;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch (error) {
    throw mapSqliteError(error, file);
  } finally {
    db?.close();
  }
}
