import { SchemaError } from '@forgedb/db-core';
import type { Membership } from './membership.js';

/**
 * Refuses a database whose history this version cannot vouch for, before anything is changed: an
 * applied migration whose shipped file was edited, or a newer forgedb's migration not marked
 * backward compatible. `target` names the database in the message (a file path for SQLite).
 */
export function refuseUnsafeHistory(
  membership: Pick<Membership, 'changedFiles' | 'unknownIncompatible'>,
  target: string,
): void {
  if (membership.changedFiles.length > 0) {
    throw new SchemaError(
      `${target}: applied migration(s) ${membership.changedFiles.join(', ')} no longer match their files (hash changed). ` +
        'Applied migrations must never be edited; restore the original files or add a new migration. Nothing was changed.',
    );
  }
  if (membership.unknownIncompatible.length > 0) {
    throw new SchemaError(
      `${target} was upgraded by a newer forgedb: migration(s) ${membership.unknownIncompatible.join(', ')} ` +
        'are not marked backward compatible, so this forgedb cannot use the file safely. ' +
        'Upgrade forgedb (to a version that ships them) on this machine. Nothing was changed.',
    );
  }
}
