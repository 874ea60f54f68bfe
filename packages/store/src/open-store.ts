import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  MEMORY,
  openDatabase,
  resolveDatabaseFile,
  type OpenOptions,
  type SqliteDatabase,
} from '@forgedb/db-core/sqlite';
import { NotFoundError } from '@forgedb/db-core';
import { upgradeDatabase, type UpgradeOptions } from '@forgedb/migrate/sqlite';
import { DATABASE_FILE_NAMES, type DatabaseKind } from '@forgedb/schema';
import type { ConversationsApi, Store } from './api.js';
import { databaseClock, type Clock } from './clock.js';
import { createConversationsStore } from './conversations/index.js';
import { createFeaturesStore } from './features/index.js';
import { createSchedulesStore } from './schedules/index.js';

export type StoreLocation =
  /** A project directory: features.db and assistant.db resolved as the Python app does. */
  | { projectDir: string }
  /** A features.db file; assistant.db beside it unless given. */
  | { file: string; assistantFile?: string }
  /** Two fresh in-memory databases (tests). */
  | { memory: true };

export type OpenStoreOptions = StoreLocation & {
  /** Where "now" comes from for leases and overrides; default: the database's clock. */
  clock?: Clock;
  /** Refuse to create anything: the project directory and its features.db must exist. */
  mustExist?: boolean;
  /** Connection options (journal mode override, busy timeout). */
  open?: Pick<OpenOptions, 'journalMode' | 'busyTimeoutMs' | 'detect'>;
  /** Backup policy of the upgrade that runs on open (default: back up an existing file before changing it). */
  backup?: UpgradeOptions['backup'];
  /**
   * Keep the work queue current by re-reading only the rows the change log names (default: on,
   * unless the environment sets FORGEDB_INCREMENTAL_QUEUE=0). A kill switch: off, every change by
   * anyone makes the next queue read re-read every row (docs/store.md, "Staying current").
   */
  incrementalQueue?: boolean;
};

function targetFor(location: StoreLocation, kind: DatabaseKind): string {
  if ('memory' in location) return MEMORY;
  if ('projectDir' in location) return resolveDatabaseFile(location.projectDir, DATABASE_FILE_NAMES[kind]);
  if (kind === 'features') return path.resolve(location.file);
  return path.resolve(
    location.assistantFile ?? path.join(path.dirname(location.file), DATABASE_FILE_NAMES.assistant),
  );
}

/** Calls are forwarded to an instance made on first use, so a store that never touches conversations never creates assistant.db. */
function onFirstUse<T extends object>(make: () => T): T {
  let instance: T | undefined;
  return new Proxy({} as T, {
    get(_, prop) {
      return async (...args: unknown[]) => {
        instance ??= make();
        const method = instance[prop as keyof T] as unknown as (...a: unknown[]) => unknown;
        return method.apply(instance, args);
      };
    },
  });
}

/**
 * Opens a project's databases, bringing each to the current schema first (guards, adoption and
 * pending migrations, as `forgedb migrate` does), and returns the async store API over them.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const clock = options.clock ?? databaseClock;
  const featuresFile = targetFor(options, 'features');
  if (options.mustExist && featuresFile !== MEMORY) {
    if (
      'projectDir' in options &&
      !(existsSync(options.projectDir) && statSync(options.projectDir).isDirectory())
    ) {
      throw new NotFoundError('project_directory', path.resolve(options.projectDir));
    }
    if (!existsSync(featuresFile)) throw new NotFoundError('features_database', featuresFile);
  }

  const opened: SqliteDatabase[] = [];
  const open = (kind: DatabaseKind): SqliteDatabase => {
    const target = targetFor(options, kind);
    const db = openDatabase(target === MEMORY ? MEMORY : { file: target }, options.open);
    try {
      upgradeDatabase(db, kind, { backup: options.backup });
    } catch (error) {
      db.close();
      throw error;
    }
    opened.push(db);
    return db;
  };

  const featuresDb = open('features');
  let closed = false;
  return {
    features: createFeaturesStore(featuresDb, clock, { incrementalQueue: options.incrementalQueue }),
    schedules: createSchedulesStore(featuresDb, clock),
    conversations: onFirstUse<ConversationsApi>(() => {
      if (closed) throw new Error('This store is closed.');
      return createConversationsStore(open('assistant'), clock);
    }),
    async close() {
      closed = true;
      for (const db of opened.splice(0)) if (db.open) db.close();
    },
  };
}
