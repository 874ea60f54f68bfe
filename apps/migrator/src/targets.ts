import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  NotADatabaseError,
  findProjectFile,
  openDatabase,
  resolveDatabaseFile,
  type SqliteDatabase,
} from '@forgedb/db-core/sqlite';
import { ReadOnlyError } from '@forgedb/db-core';
import { DATABASE_FILE_NAMES, DATABASE_KINDS, type DatabaseKind } from '@forgedb/schema';
import { CommandError, UsageError } from './errors.js';

export interface DatabaseTargetFile {
  kind: DatabaseKind;
  /** Absolute path: the existing file, or where the app would create it. */
  file: string;
  exists: boolean;
}

export interface ResolvedTargets {
  /** Set for --project. */
  projectDir: string | null;
  databases: DatabaseTargetFile[];
}

export interface TargetValues {
  project?: string;
  db?: string;
  kind?: string;
}

export function requireProject(values: { project?: string }, command: string): string {
  if (!values.project) throw new UsageError('--project DIR is required.', command);
  return checkProjectDir(values.project);
}

/** A project directory must already exist: commands never create one by accident. */
export function checkProjectDir(dir: string): string {
  const abs = path.resolve(dir);
  if (!existsSync(abs))
    throw new CommandError(
      `Project directory ${abs} does not exist; nothing was created or changed.`,
      'NOT_FOUND',
    );
  if (!statSync(abs).isDirectory())
    throw new CommandError(`${abs} is not a directory; nothing was changed.`, 'NOT_FOUND');
  return abs;
}

function parseKind(kind: string | undefined, command: string): DatabaseKind | undefined {
  if (kind === undefined) return undefined;
  if ((DATABASE_KINDS as readonly string[]).includes(kind)) return kind as DatabaseKind;
  throw new UsageError(`--kind must be one of ${DATABASE_KINDS.join(', ')}, got "${kind}".`, command);
}

/** Which database a file is by its name alone (`features.db`, `assistant.db`, `my-assistant-backup.db`, ...). */
export function kindFromName(file: string): DatabaseKind | null {
  const base = path.basename(file).toLowerCase();
  if (base.includes('assistant')) return 'assistant';
  if (base.includes('feature')) return 'features';
  return null;
}

const KIND_TABLES: Record<DatabaseKind, readonly string[]> = {
  features: ['features', 'schedules', 'schedule_overrides'],
  assistant: ['conversations', 'conversation_messages'],
};

/** The kinds whose tables an existing file holds (none for an empty file, both for a strange one). */
function kindsFromTables(file: string): DatabaseKind[] {
  if (statSync(file).size === 0) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all() as string[];
    return DATABASE_KINDS.filter((kind) => KIND_TABLES[kind].some((t) => tables.includes(t)));
  } finally {
    db.close();
  }
}

/** Which database a file is, from its tables, else from its name. */
export function inferKind(file: string): DatabaseKind | null {
  return kindsFromTables(file)[0] ?? kindFromName(file);
}

/**
 * `--kind` names what the user believes the file is. When its tables say otherwise, the command
 * line is wrong (exit 2), not the file: running a features.db's upgrade on an assistant.db would
 * add tables it must never have.
 */
function refuseContradictedKind(file: string, kind: DatabaseKind, command: string): void {
  const held = kindsFromTables(file);
  if (held.length === 0 || held.includes(kind)) return;
  const other = held[0]!;
  throw new UsageError(
    `--kind ${kind} contradicts ${file}: it holds ${other}.db tables (${KIND_TABLES[other].join(', ')}), ` +
      `no ${kind}.db ones. Pass --kind ${other}, or leave --kind out. Nothing was changed.`,
    command,
  );
}

/** Rejects a missing file or one that is not SQLite before anything opens it (opening can write beside it). */
export function checkDatabaseFile(file: string): void {
  if (!existsSync(file)) throw new NotADatabaseError(file, 'no such file');
  // openDatabase's header check, run read-only; it throws NotADatabaseError for anything else.
  openDatabase({ file }, { readonly: true, mustExist: true, journalMode: 'DELETE' }).close();
}

/**
 * `--project DIR` (both files of the project, resolved like the app does) or `--db FILE`
 * (one file; its kind from its tables or name, or `--kind`). Exactly one must be given.
 */
export function resolveTargets(values: TargetValues, command: string): ResolvedTargets {
  if (values.project && values.db)
    throw new UsageError('Give either --project DIR or --db FILE, not both.', command);
  if (!values.project && !values.db) throw new UsageError('Missing --project DIR or --db FILE.', command);
  const kind = parseKind(values.kind, command);
  if (values.project) {
    const projectDir = checkProjectDir(values.project);
    const kinds = kind ? [kind] : [...DATABASE_KINDS];
    return {
      projectDir,
      databases: kinds.map((k) => {
        const found = findProjectFile(projectDir, DATABASE_FILE_NAMES[k]);
        if (found && kind) {
          checkDatabaseFile(found);
          refuseContradictedKind(found, kind, command);
        }
        return {
          kind: k,
          file: found ?? resolveDatabaseFile(projectDir, DATABASE_FILE_NAMES[k]),
          exists: found !== null,
        };
      }),
    };
  }
  const file = path.resolve(values.db!);
  checkDatabaseFile(file);
  if (kind) refuseContradictedKind(file, kind, command);
  const inferred = kind ?? inferKind(file);
  if (!inferred) {
    throw new CommandError(
      `Cannot tell whether ${file} is a features.db or an assistant.db (it has neither's tables and its name says neither). ` +
        'Pass --kind features or --kind assistant. Nothing was changed.',
      'VALIDATION',
    );
  }
  return { projectDir: null, databases: [{ kind: inferred, file, exists: true }] };
}

/**
 * Opens for reading only: nothing is created and no pragma writes (status, verify, dry runs,
 * backups and exports never change the data). The one exception is recovery: a hot journal left
 * by a writer killed mid-transaction is rolled back first (openDatabase does it), which returns
 * the file to its last committed content.
 */
export function openForReading(file: string): SqliteDatabase {
  return openDatabase({ file }, { readonly: true, mustExist: true });
}

/**
 * A file whose permission bits allow nobody to write is read-only by intent, even for root (who
 * could write it anyway): refuse before opening, so a protected file is never switched to WAL or upgraded.
 */
export function assertWritable(file: string): void {
  if (existsSync(file) && (statSync(file).mode & 0o222) === 0) throw new ReadOnlyError(file);
}

/**
 * Opens for writing. With `deferJournalMode`, the switch to the journal mode the file system calls
 * for waits for `applyJournalMode(db)`, so an upgrade that fails leaves the header as it was.
 */
export function openForWriting(
  file: string,
  options: { create?: boolean; deferJournalMode?: boolean } = {},
): SqliteDatabase {
  assertWritable(file);
  return openDatabase({ file }, { mustExist: !options.create, deferJournalMode: options.deferJournalMode });
}
