import { writeTransaction, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { LEASE_STATE_TABLE } from '@forgedb/schema';

/**
 * Gives the file a new lease epoch, so that no lease issued before (by any agent, against any
 * earlier content of the file) matches a claim again: a restored file's generations may repeat
 * ones issued after its backup was taken. Returns false for a file without forgedb's lease state
 * (a backup from before migration 0003); its first upgrade starts a fresh epoch anyway.
 */
export function startNewLeaseEpoch(db: SqliteDatabase): boolean {
  return writeTransaction(db, () => {
    const exists = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(LEASE_STATE_TABLE);
    if (exists === undefined) return false;
    return db.prepare(`UPDATE ${LEASE_STATE_TABLE} SET epoch = lower(hex(randomblob(16)))`).run().changes > 0;
  });
}
