import { createHash } from 'node:crypto';
import type pg from 'pg';

/** A stable bigint key for a lock name (the first 8 bytes of its sha256, signed), as decimal text. */
export function advisoryLockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/**
 * Waits for a transaction-level advisory lock, released at COMMIT or ROLLBACK. Only this kind is
 * used: a session-level lock would stay with a pooled server connection after the transaction
 * (behind a transaction-mode pooler, with someone else's session).
 */
export async function advisoryXactLock(client: pg.ClientBase, key: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [key]);
}
