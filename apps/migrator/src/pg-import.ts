import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConflictError, NotFoundError } from '@forgedb/db-core';
import { describeDatabase, openPool } from '@forgedb/db-core/pg';
import { openStore, type ImportResult, type Store } from '@forgedb/store';
import { createPgProject, dropEmptyPgProject } from '@forgedb/store/pg';
import { CommandError, EXIT_OK, UsageError } from './errors.js';
import { displayPath } from './format.js';
import { printJson, type Io } from './io.js';
import type { PgTarget } from './pg-target.js';
import { progressBar } from './progress.js';

const open = (target: PgTarget) =>
  openStore({ url: target.url, project: target.project as string, schema: target.schema });

/**
 * Opens the project, creating it first when it does not exist: import-json is one of the two
 * commands that may make a project (docs/cli.md). The store's own open decides "does not
 * exist" (after it checked the schema), so a database that is behind is refused, not half set up.
 */
async function openOrCreate(target: PgTarget): Promise<{ store: Store; created: boolean }> {
  try {
    return { store: await open(target), created: false };
  } catch (error) {
    if (!(error instanceof NotFoundError && error.reason === 'project')) throw error;
  }
  const pool = await openPool(target.url, { max: 1 });
  let created = true;
  try {
    await createPgProject(pool, target.schema, target.project as string);
  } catch (error) {
    // Another importer made it in the meantime: import into it like any existing project.
    if (!(error instanceof ConflictError && error.reason === 'duplicate')) throw error;
    created = false;
  } finally {
    await pool.close();
  }
  return { store: await open(target), created };
}

const displayDatabase = (target: PgTarget) => `${describeDatabase(target.url)} (schema ${target.schema})`;

/**
 * Takes back a project this run created when its import failed, so a refused list leaves the
 * database as it was (bad input changes nothing).
 */
async function dropCreatedProject(target: PgTarget): Promise<void> {
  const pool = await openPool(target.url, { max: 1 });
  try {
    await dropEmptyPgProject(pool, target.schema, target.project as string);
  } finally {
    await pool.close();
  }
}

function describeImport(target: PgTarget, created: boolean, result: ImportResult): string {
  const where = `project ${JSON.stringify(target.project)} on ${displayDatabase(target)}`;
  const lines = created ? [`Created ${where}.`] : [];
  if (result.skipped === 'database_not_empty') {
    lines.push(
      `${where} already holds features; ${displayPath(result.source ?? '')} was not imported and was left in place.`,
    );
  } else {
    lines.push(
      `Imported ${result.imported} feature(s) from ${displayPath(result.source ?? '')} into ${where}.`,
    );
    if (result.backupFile) lines.push(`Renamed the list to ${displayPath(result.backupFile)}.`);
  }
  return lines.join('\n');
}

/**
 * `forgedb import-json --database-url URL --project-name NAME --file FILE`. Loaded only on that
 * path, so SQLite runs of the CLI never load the pg driver.
 */
export async function importIntoPg(
  target: PgTarget,
  file: string | undefined,
  json: boolean,
  io: Io,
): Promise<number> {
  if (file === undefined)
    throw new UsageError(
      'import-json on PostgreSQL needs --file FILE (the feature_list.json to import).',
      'import-json',
    );
  const source = path.resolve(file);
  // Checked before connecting, so a typo creates no project.
  if (!existsSync(source))
    throw new CommandError(
      `${source} does not exist; nothing was imported and no project was created.`,
      'NOT_FOUND',
    );
  const { store, created } = await openOrCreate(target);
  const bar = progressBar(io, 'importing');
  let result: ImportResult | undefined;
  let failure: unknown;
  try {
    result = await store.featureList.import(source, {
      onProgress: (p) => bar.update(p.bytesRead, p.totalBytes, `${p.imported} features`),
    });
  } catch (error) {
    failure = error ?? new Error('import failed');
  } finally {
    bar.stop();
    await store.close();
  }
  if (result === undefined) {
    if (created) await dropCreatedProject(target);
    throw failure;
  }
  if (json) {
    printJson(io, {
      ok: true,
      database: describeDatabase(target.url),
      schema: target.schema,
      project: target.project,
      created,
      ...result,
    });
  } else {
    io.out(`${describeImport(target, created, result)}\n`);
    if (result.warning) io.err(`warning: ${result.warning}\n`);
  }
  return EXIT_OK;
}
