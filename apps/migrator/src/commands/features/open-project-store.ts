import { findProjectFile } from '@forgedb/db-core/sqlite';
import type { UpgradeResult } from '@forgedb/migrate';
import { DATABASE_FILE_NAMES } from '@forgedb/schema';
import { openStore, type Store } from '@forgedb/store';
import { CommandError } from '../../errors.js';
import { displayPath } from '../../format.js';
import type { Io } from '../../io.js';
import type { PgTarget } from '../../pg-target.js';
import { assertWritable, checkProjectDir } from '../../targets.js';

/** One stderr line: which file changed, how, and where its old content is. */
function upgradeNotice(result: UpgradeResult): string {
  const changes = [
    result.guardsApplied.length ? `${result.guardsApplied.length} guard(s)` : '',
    result.adopted ? `adopted ${result.adopted}` : '',
    result.applied.length ? `applied ${result.applied.join(', ')}` : '',
  ].filter(Boolean);
  const backup = result.backup
    ? `backup: ${displayPath(result.backup)}`
    : 'no backup (the file held nothing)';
  return `forgedb: upgraded ${displayPath(result.file)} from its ${result.shapeBefore} shape first (${changes.join('; ')}); ${backup}.`;
}

/**
 * Opens an existing project's store for one command and closes it afterwards. Queue commands
 * never create a project or a features.db: a typo in --project must not leave an empty
 * database behind that an agent would then find "empty". Opening a store upgrades a legacy
 * file; the store's onUpgrade reports it on stderr: even a read such as `stats` changes the file
 * then, and the user learns where the backup is (stdout stays the result).
 */
export async function withProjectStore<T>(
  project: string,
  io: Io,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const projectDir = checkProjectDir(project);
  const file = findProjectFile(projectDir, DATABASE_FILE_NAMES.features);
  if (!file) {
    throw new CommandError(
      `No features.db in ${projectDir} (looked in .autoforge/, .autocoder/ and the directory itself); nothing was created. ` +
        'Create it with `forgedb import-json` or by starting the app.',
      'NOT_FOUND',
    );
  }
  // A file nobody may write is refused before the store's upgrade on open could change it.
  assertWritable(file);
  const store = await openStore({
    projectDir,
    mustExist: true,
    onUpgrade: (result) => io.err(`${upgradeNotice(result)}\n`),
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * Opens a server project's store for one command. The store refuses an unknown project (naming
 * the ones that exist) and a database whose schema is not current: a queue command never
 * creates or changes either.
 */
export async function withPgStore<T>(target: PgTarget, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({
    url: target.url,
    project: target.project as string,
    schema: target.schema,
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
