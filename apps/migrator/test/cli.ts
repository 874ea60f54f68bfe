import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { loadMigrations } from '@forgedb/schema';
import { nodeCommand, tempDir, type NodeOptions } from '@forgedb/test-utils';

export { sha256, tempDir } from '@forgedb/test-utils';

export const BIN = path.resolve(import.meta.dirname, '../dist/bin.js');
/** The shipped features.db migration tags, oldest first. */
export const FEATURE_TAGS = loadMigrations('features', 'sqlite').map((m) => m.tag);

export const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/legacy');
const LEGACY_DDL = path.resolve(import.meta.dirname, '../../../fixtures/legacy-ddl');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions extends Pick<NodeOptions, 'fileSizeLimitBlocks'> {
  cwd?: string;
  /** Extra environment variables for the run. */
  env?: Record<string, string>;
}

/** Runs the built CLI as a real process, the way a user or a script does. */
export function forgedb(args: string[], options: CliOptions = {}): CliRun {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: build the CLI first (pnpm turbo run build --filter=forgedb...)`);
  const [command, argv] = nodeCommand(BIN, args, options);
  const r = spawnSync(command, argv, {
    cwd: options.cwd ?? tmpdir(),
    encoding: 'utf8',
    env: { ...process.env, FORGEDB_DEBUG: '', ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs with --json and checks that stdout is exactly one JSON document. */
export function forgedbJson<T = Record<string, unknown>>(
  args: string[],
  options: CliOptions = {},
): CliRun & { json: T } {
  const r = forgedb([...args, '--json'], options);
  let json: T;
  try {
    json = JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
  return { ...r, json };
}

/** Copies a legacy fixture (the originals are read-only and must never change) to `dir/sub/name`. */
export function copyFixture(name: string, dir: string, as = name): string {
  const target = path.join(dir, as);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(FIXTURES, name), target);
  chmodSync(target, 0o644);
  return target;
}

/** A project in the legacy `.autocoder/` layout holding the oldest features.db and an assistant.db. */
export function legacyProject(): string {
  const dir = tempDir('forgedb-project-');
  copyFixture('features-v1-oldest.db', dir, '.autocoder/features.db');
  copyFixture('assistant-current.db', dir, '.autocoder/assistant.db');
  return dir;
}

/**
 * A project whose `.autoforge/features.db` was first created by a Python version that modelled
 * testing_in_progress (NOT NULL, no default), built from that variant's real DDL; with `seed`, also
 * 40 features, user columns, a user trigger, view and index (fixtures/legacy-ddl).
 */
export function testingColumnProject(
  variant: 'a' | 'b',
  { seed = true } = {},
): { dir: string; file: string } {
  const dir = tempDir('forgedb-testing-column-');
  const file = path.join(dir, '.autoforge', 'features.db');
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.exec(readFileSync(path.join(LEGACY_DDL, `features-testing-column-${variant}.sql`), 'utf8'));
  if (seed) db.exec(readFileSync(path.join(LEGACY_DDL, 'testing-column-seed.sql'), 'utf8'));
  db.close();
  return { dir, file };
}

export function query<T = Record<string, unknown>>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

export function expectExit(r: CliRun, code: number): void {
  expect(r.code, `exit code; stdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(code);
}
