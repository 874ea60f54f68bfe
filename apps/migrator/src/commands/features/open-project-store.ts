import { findProjectFile } from '@forgedb/db-core/sqlite';
import { DATABASE_FILE_NAMES } from '@forgedb/schema';
import { openStore, type Store } from '@forgedb/store';
import { CommandError } from '../../errors.js';
import { checkProjectDir } from '../../targets.js';

/**
 * Opens an existing project's store for one command and closes it afterwards. Queue commands
 * never create a project or a features.db: a typo in --project must not leave an empty
 * database behind that an agent would then find "empty".
 */
export async function withProjectStore<T>(project: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const projectDir = checkProjectDir(project);
  if (!findProjectFile(projectDir, DATABASE_FILE_NAMES.features)) {
    throw new CommandError(
      `No features.db in ${projectDir} (looked in .autoforge/, .autocoder/ and the directory itself); nothing was created. ` +
        'Create it with `forgedb import-json` or by starting the app.',
      'NOT_FOUND',
    );
  }
  const store = await openStore({ projectDir, mustExist: true });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
