import Database from 'better-sqlite3';
import { openPool } from '@forgedb/db-core/pg';
import type pg from 'pg';
import { DEFAULT_PG_SCHEMA } from '@forgedb/schema/pg';
import { copyProject } from '@forgedb/store/copy';
import { createPgProject } from '@forgedb/store/pg';
import { featuresFile } from '../fixtures.js';
import { nowMs } from '../stats.js';
import type { Task, Variant } from '../tasks.js';

const BATCH = 1000;

interface FeatureCells {
  id: number;
  priority: number;
  category: string;
  name: string;
  description: string;
  steps: string;
  passes: number | null;
  dependencies: string | null;
}

/**
 * What a careful developer would write by hand to move the features into a new project: stream
 * the SQLite rows, insert them 1000 at a time through `unnest`, all in one transaction. It copies
 * the feature columns only and checks nothing afterwards; forgedb also carries every other table
 * and column, each stored value exactly, and compares both sides row by row before it reports.
 */
async function rawCopy(projectDir: string, url: string, project: string): Promise<number> {
  const pool = await openPool(url, { max: 1 });
  try {
    const projectId = await createPgProject(pool, DEFAULT_PG_SCHEMA, project);
    return await insertFeatures(featuresFile(projectDir), pool.pool, projectId);
  } finally {
    await pool.close();
  }
}

async function insertFeatures(file: string, pool: pg.Pool, projectId: number): Promise<number> {
  const source = new Database(file, { readonly: true });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    let count = 0;
    let batch: FeatureCells[] = [];
    const flush = async () => {
      await client.query(
        `INSERT INTO ${DEFAULT_PG_SCHEMA}.features (project_id, id, priority, category, name, description, steps, passes,
                                                   dependencies, created_at, updated_at)
         SELECT $1, r.id, r.priority, r.category, r.name, r.description, r.steps::jsonb, r.passes, r.dependencies,
                clock_timestamp(), clock_timestamp()
           FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[])
             AS r(id, priority, category, name, description, steps, passes, dependencies)`,
        [
          projectId,
          batch.map((f) => f.id),
          batch.map((f) => f.priority),
          batch.map((f) => f.category),
          batch.map((f) => f.name),
          batch.map((f) => f.description),
          batch.map((f) => f.steps),
          batch.map((f) => f.passes === 1),
          batch.map((f) => f.dependencies),
        ],
      );
      count += batch.length;
      batch = [];
    };
    const rows = source
      .prepare(
        'SELECT id, priority, category, name, description, steps, passes, dependencies FROM features ORDER BY id',
      )
      .iterate() as IterableIterator<FeatureCells>;
    for (const row of rows) {
      batch.push(row);
      if (batch.length === BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    await client.query('COMMIT');
    return count;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
    source.close();
  }
}

/** A SQLite project copied into a new PostgreSQL project: forgedb's `copyProject`, or the hand-written loop. */
async function pgCopy({
  variant,
  projectDir,
  url,
  project,
}: {
  variant: Variant;
  projectDir: string;
  url: string;
  project: string;
}) {
  const start = nowMs();
  if (variant === 'raw') {
    const count = await rawCopy(projectDir, url, project);
    return { ms: nowMs() - start, count };
  }
  const result = await copyProject({ from: { projectDir }, to: { url, project } });
  const count = result.counts.find((c) => c.table === 'features')?.rows ?? 0;
  return { ms: nowMs() - start, count };
}

export const copyTasks: Record<string, Task> = { pgCopy };
