import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { NotFoundError, SchemaError, ValidationError } from '@forgedb/db-core';
import {
  MEMORY,
  applyJournalMode,
  openDatabase,
  resolveDatabaseFile,
  type OpenOptions,
  type SqliteDatabase,
} from '@forgedb/db-core/sqlite';
import type { UpgradeResult } from '@forgedb/migrate';
import { upgradeDatabase, type UpgradeOptions } from '@forgedb/migrate/sqlite';
import { DATABASE_FILE_NAMES, type DatabaseKind } from '@forgedb/schema';
import type { StoreAdapters } from '../adapter.js';
import type { Clock } from '../clock.js';
import { createSqliteConversationsAdapter } from './conversations-adapter.js';
import { databaseClock } from './database-clock.js';
import { createSqliteFeatureListAdapter } from './feature-list-adapter.js';
import { createSqliteFeaturesAdapter } from './features-adapter.js';
import { createSqliteSchedulesAdapter } from './schedules-adapter.js';

export type StoreLocation =
  /** A project directory: features.db and assistant.db resolved as the Python app does. */
  | { projectDir: string }
  /** A features.db file; assistant.db beside it unless given. */
  | { file: string; assistantFile?: string }
  /** Two fresh in-memory databases (tests). */
  | { memory: true };

export type SqliteStoreOptions = StoreLocation & {
  /** Where "now" comes from for leases and overrides; default: the database's clock. */
  clock?: Clock;
  /** Refuse to create anything: the project directory and its features.db must exist. */
  mustExist?: boolean;
  /**
   * Read only: never upgrade, never create, never change the journal mode. On a file that is
   * behind the shipped schema (or legacy) every operation but `featureList.export` is refused with
   * a SchemaError naming `forgedb migrate`; the export reads any shape, as `forgedb export-json` does.
   */
  readOnly?: boolean;
  /** Called after an upgrade on open changed a file (e.g. so a CLI can say so on stderr). */
  onUpgrade?: (report: UpgradeResult) => void;
  /** Connection options (journal mode override, busy timeout). */
  open?: Pick<OpenOptions, 'journalMode' | 'busyTimeoutMs' | 'detect'>;
  /** Backup policy of the upgrade that runs on open (default: back up an existing file before changing it). */
  backup?: UpgradeOptions['backup'];
};

function targetFor(location: StoreLocation, kind: DatabaseKind): string {
  if ('memory' in location) return MEMORY;
  if ('projectDir' in location) return resolveDatabaseFile(location.projectDir, DATABASE_FILE_NAMES[kind]);
  if (kind === 'features') return path.resolve(location.file);
  return path.resolve(
    location.assistantFile ?? path.join(path.dirname(location.file), DATABASE_FILE_NAMES.assistant),
  );
}

const planIsEmpty = ({ plan }: UpgradeResult) =>
  plan.guards.length === 0 && plan.adoptBaseline === null && plan.migrations.length === 0;

/**
 * A read-only connection, and why the store's operations cannot run on it when the file is not
 * current (legacy, behind, or refused by the upgrade's checks): that SchemaError, naming
 * `forgedb migrate`, is what those operations then throw. The export reads any shape.
 */
function openReadOnly(
  file: string,
  kind: DatabaseKind,
  options: SqliteStoreOptions,
): { db: SqliteDatabase; behind: Error | null } {
  const db = openDatabase({ file }, { ...options.open, readonly: true, mustExist: true });
  try {
    const look = upgradeDatabase(db, kind, { dryRun: true });
    if (planIsEmpty(look)) return { db, behind: null };
    const shape =
      look.shapeBefore === 'legacy'
        ? 'a legacy file (written by the Python app)'
        : 'behind this version of forgedb';
    return {
      db,
      behind: new SchemaError(
        `${file} is ${shape}, and a read-only store never upgrades; nothing was changed. ` +
          'Run `forgedb migrate` on it, then retry.',
      ),
    };
  } catch (error) {
    if (error instanceof SchemaError) return { db, behind: error };
    db.close();
    throw error;
  }
}

/** Stands in for an adapter whose database cannot serve it: every call throws `error`. */
function refusing<T extends object>(error: Error): T {
  return new Proxy({} as T, {
    get: () => () => {
      throw error;
    },
  });
}

/** A connection brought to the current schema; the journal mode switches only after a successful upgrade. */
function openUpgraded(target: string, kind: DatabaseKind, options: SqliteStoreOptions): SqliteDatabase {
  const db = openDatabase(target === MEMORY ? MEMORY : { file: target }, {
    ...options.open,
    deferJournalMode: true,
  });
  try {
    const result = upgradeDatabase(db, kind, { backup: options.backup });
    applyJournalMode(db);
    if (result.changed) options.onUpgrade?.(result);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Opens a project's SQLite databases, bringing each to the current schema first (guards, adoption
 * and pending migrations, as `forgedb migrate` does) unless read-only, and returns the adapters
 * over them. assistant.db is opened on first use.
 */
export function openSqliteAdapters(options: SqliteStoreOptions): StoreAdapters {
  const featuresFile = targetFor(options, 'features');
  if (options.readOnly && featuresFile === MEMORY) {
    throw new ValidationError(
      'input',
      'A read-only store needs a file: an in-memory database would start empty.',
      [{ path: 'readOnly', message: 'not with memory: true' }],
    );
  }
  if ((options.mustExist || options.readOnly) && featuresFile !== MEMORY) {
    if (
      'projectDir' in options &&
      !(existsSync(options.projectDir) && statSync(options.projectDir).isDirectory())
    ) {
      throw new NotFoundError('project_directory', path.resolve(options.projectDir));
    }
    if (!existsSync(featuresFile)) throw new NotFoundError('features_database', featuresFile);
  }

  const opened: SqliteDatabase[] = [];
  const open = (kind: DatabaseKind): { db: SqliteDatabase; behind: Error | null } => {
    const target = targetFor(options, kind);
    const connection = options.readOnly
      ? openReadOnly(target, kind, options)
      : { db: openUpgraded(target, kind, options), behind: null };
    opened.push(connection.db);
    return connection;
  };
  const clockOf = (db: SqliteDatabase) => options.clock ?? databaseClock(db);

  const { db: featuresDb, behind } = open('features');
  const featuresClock = clockOf(featuresDb);
  let closed = false;
  return {
    // On a file that is not current the statements could not even be prepared.
    features: behind ? refusing(behind) : createSqliteFeaturesAdapter(featuresDb, featuresClock),
    schedules: behind ? refusing(behind) : createSqliteSchedulesAdapter(featuresDb, featuresClock),
    conversations: () => {
      if (closed) throw new Error('This store is closed.');
      const assistant = open('assistant');
      return assistant.behind
        ? refusing(assistant.behind)
        : createSqliteConversationsAdapter(assistant.db, clockOf(assistant.db));
    },
    featureList: createSqliteFeatureListAdapter(
      featuresDb,
      'projectDir' in options ? path.resolve(options.projectDir) : undefined,
    ),
    close() {
      closed = true;
      for (const db of opened.splice(0)) if (db.open) db.close();
    },
  };
}
