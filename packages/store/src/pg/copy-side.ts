import { randomBytes } from 'node:crypto';
import { ConflictError } from '@forgedb/db-core';
import { openPool, withTransaction, type ForgePgPool } from '@forgedb/db-core/pg';
import { DEFAULT_PG_SCHEMA } from '@forgedb/schema/pg';
import { encodeRow, type UnsafeInteger } from '../copy/codec.js';
import type { PgCopyLocation } from '../copy/copy-project.js';
import type { CopyLeaseState, CopySource } from '../copy/copy-source.js';
import { streamTables, type CopyReader, type TableCount } from '../copy/stream-tables.js';
import { verifyCopy } from '../copy/verify-copy.js';
import { UnsafeIdError } from '../errors.js';
import { tableNames } from './pg-context.js';
import { deletePgProjectRows, insertPgRows, readPgCellBatch } from './copy-rows.js';
import { resolveProject } from './projects.js';

export type { CopyLeaseState } from '../copy/copy-source.js';

export interface CopyIntoPgOptions {
  schema?: string;
  project: string;
  /** Replace the project's rows when it has any; without it a non-empty project is refused. */
  replace?: boolean;
  source: CopyReader;
  /** The source's lease state; null for a file without one (a fresh epoch is made). */
  leaseState: CopyLeaseState | null;
  onProgress?: (table: string, rows: number) => void;
}

const SHOWN = 20;

/** Tables whose ids PostgreSQL generates by default: their sequences must pass the copied ids. */
const IDENTITY_TABLES = ['schedules', 'overrides', 'conversations', 'messages'] as const;

/**
 * Copies a project into PostgreSQL in one transaction: the project is created when missing,
 * every row is written with its `extra`, the lease state takes the source's epoch and the highest
 * generation either holds, and `graph_version` moves on so no ready order cached for the old
 * content is served. Refused, with nothing written, when the project has rows (without
 * `replace`) or when an integer is beyond JavaScript's safe range (the report names each).
 */
export async function copyIntoPg(db: ForgePgPool, options: CopyIntoPgOptions): Promise<TableCount[]> {
  const schema = options.schema ?? DEFAULT_PG_SCHEMA;
  const t = tableNames(schema);
  return withTransaction(db, {}, async (client) => {
    const created = await client.query<{ id: string }>(
      `INSERT INTO ${t.projects} (name, graph_version, created_at, updated_at)
       VALUES ($1, 0, clock_timestamp(), clock_timestamp()) ON CONFLICT (name) DO NOTHING RETURNING id`,
      [options.project],
    );
    const projectId = created.rows[0]
      ? Number(created.rows[0].id)
      : await resolveProject(client, schema, options.project, db.target);
    await client.query(`SELECT id FROM ${t.projects} WHERE id = $1 FOR UPDATE`, [projectId]);
    if (!created.rows[0]) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM ${t.features} WHERE project_id = $1) + (SELECT count(*) FROM ${t.schedules} WHERE project_id = $1)
              + (SELECT count(*) FROM ${t.conversations} WHERE project_id = $1) AS n`,
        [projectId],
      );
      if (Number(rows[0]!.n) > 0 && !options.replace) {
        throw new ConflictError(
          'target_exists',
          `Project ${JSON.stringify(options.project)} on ${db.target} already holds data; pass --replace to ` +
            'replace it. Nothing was changed.',
        );
      }
      await deletePgProjectRows(client, schema, projectId);
    }
    const unsafe: UnsafeInteger[] = [];
    const counts = await streamTables(
      options.source,
      async (table, rows) => {
        const images = rows.map((row) => encodeRow(table, row, unsafe));
        // After the first unsafe integer nothing more is written: the transaction is rolled back, the scan goes on to report them all.
        if (unsafe.length === 0) await insertPgRows(client, schema, projectId, table, images);
      },
      options.onProgress,
    );
    if (unsafe.length > 0) {
      const shown = unsafe.slice(0, SHOWN).map((u) => `${u.table} id ${u.rowId} ${u.column} = ${u.value}`);
      throw new UnsafeIdError(
        unsafe.map((u) => u.value),
        `${unsafe.length} integer(s) are beyond JavaScript's safe range (±${Number.MAX_SAFE_INTEGER}) and would ` +
          `not read back exactly; nothing was copied. Change them in the source first:\n  ${shown.join('\n  ')}` +
          (unsafe.length > SHOWN ? '\n  …' : ''),
      );
    }
    for (const name of IDENTITY_TABLES) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence($1, 'id'), max(id)) FROM ${t[name]} HAVING max(id) IS NOT NULL`,
        [t[name]],
      );
    }
    await client.query(
      `UPDATE ${t.leaseState} SET generation = GREATEST($2::bigint,
         (SELECT COALESCE(max(claim_generation), 0) FROM ${t.features} WHERE project_id = $1)),
         epoch = $3, updated_at = clock_timestamp() WHERE project_id = $1`,
      [
        projectId,
        options.leaseState?.generation ?? '0',
        options.leaseState?.epoch ?? randomBytes(16).toString('hex'),
      ],
    );
    const lease = await client.query(`SELECT 1 FROM ${t.leaseState} WHERE project_id = $1`, [projectId]);
    if (lease.rowCount === 0) {
      await client.query(
        `INSERT INTO ${t.leaseState} (project_id, generation, epoch, created_at, updated_at)
         SELECT $1, GREATEST($2::bigint, (SELECT COALESCE(max(claim_generation), 0) FROM ${t.features} WHERE project_id = $1)),
                $3, clock_timestamp(), clock_timestamp()`,
        [
          projectId,
          options.leaseState?.generation ?? '0',
          options.leaseState?.epoch ?? randomBytes(16).toString('hex'),
        ],
      );
    }
    // Claims take their generations from the sequence shared by every project: it must pass the
    // generations just copied, so the next claim here is above them without falling back on the
    // lease state's floor. setval is not transactional: if this copy rolls back, the sequence
    // stays where it was moved, which only leaves a gap. It is only ever moved forward, and a
    // claim elsewhere between the read and the setval could at worst be handed a value again, on
    // another feature, which fencing (per feature, never below the row's own) does not mind.
    await client.query(
      `SELECT setval('${t.claimGenerations}', l.generation)
         FROM ${t.leaseState} l, ${t.claimGenerations} s
        WHERE l.project_id = $1 AND l.generation > (CASE WHEN s.is_called THEN s.last_value ELSE 0 END)`,
      [projectId],
    );
    await client.query(
      `UPDATE ${t.projects} SET graph_version = graph_version + 1, updated_at = clock_timestamp() WHERE id = $1`,
      [projectId],
    );
    return counts;
  });
}

/** A PostgreSQL project read as SQLite cells, for a copy out of it or to verify a copy into it. */
export interface PgCopySource {
  reader: CopyReader;
  leaseState: CopyLeaseState;
  projectId: number;
  /** Ends the read transaction and returns its connection to the pool. */
  close(): Promise<void>;
}

/**
 * Opens the project for reading in one REPEATABLE READ, read-only transaction held until
 * `close`, so every batch sees the same snapshot: a copy of a project agents keep writing is the
 * project at one moment, not batches from different moments.
 */
export async function openPgCopySource(
  db: ForgePgPool,
  options: { schema?: string; project: string },
): Promise<PgCopySource> {
  const schema = options.schema ?? DEFAULT_PG_SCHEMA;
  const t = tableNames(schema);
  const client = await db.pool.connect();
  let done = false;
  const close = async (error?: unknown) => {
    if (done) return;
    done = true;
    try {
      await client.query(error === undefined ? 'COMMIT' : 'ROLLBACK');
    } finally {
      client.release(error instanceof Error ? error : undefined);
    }
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const projectId = await resolveProject(client, schema, options.project, db.target);
    // Claims on PostgreSQL write their generation (from the shared sequence) into their row and
    // no longer count in the lease state, and a feature row leaves only with its whole project:
    // so the project's highest issued generation is the larger of its lease state and its rows'.
    const { rows } = await client.query<{ generation: string; epoch: string }>(
      `SELECT GREATEST(generation,
                (SELECT COALESCE(max(claim_generation), 0) FROM ${t.features} WHERE project_id = $1))::text AS generation,
              epoch
         FROM ${t.leaseState} WHERE project_id = $1`,
      [projectId],
    );
    const reader: CopyReader = {
      hasTable: () => Promise.resolve(true),
      batch: (table, afterId, limit) => readPgCellBatch(client, schema, projectId, table, afterId, limit),
    };
    return {
      reader,
      projectId,
      leaseState: rows[0] ?? { generation: '0', epoch: randomBytes(16).toString('hex') },
      close: () => close(),
    };
  } catch (error) {
    await close(error).catch(() => undefined);
    throw error;
  }
}

const labelOf = (db: ForgePgPool, project: string) => `${db.target} project ${project}`;

/** A PostgreSQL project opened as a copy source with its own pool, which `close` ends too. */
export async function openPgCopyLocation(location: PgCopyLocation): Promise<CopySource> {
  const db = await openPool(location.url, { max: 1 });
  try {
    const side = await openPgCopySource(db, location);
    return {
      reader: side.reader,
      leaseState: side.leaseState,
      label: labelOf(db, location.project),
      close: async () => {
        try {
          await side.close();
        } finally {
          await db.close();
        }
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

async function analyzeCopiedTables(db: ForgePgPool, schema: string): Promise<void> {
  const t = tableNames(schema);
  await db.pool.query(
    `ANALYZE ${[t.features, t.schedules, t.overrides, t.conversations, t.messages].join(', ')}`,
  );
}

/** `copyIntoPg` at a location, then the written project read back and compared with the source. */
export async function copyIntoPgLocation(
  location: PgCopyLocation,
  source: CopySource,
  options: { replace?: boolean; onProgress?: (table: string, rows: number) => void },
): Promise<{ label: string; counts: TableCount[] }> {
  const db = await openPool(location.url, { max: 2 });
  try {
    const counts = await copyIntoPg(db, {
      schema: location.schema,
      project: location.project,
      replace: options.replace,
      source: source.reader,
      leaseState: source.leaseState,
      onProgress: options.onProgress,
    });
    // Fresh statistics before reading the rows back: until autovacuum gets to the new rows, the
    // planner may sort the whole project for every keyset batch, which made verifying 100k
    // features take most of a copy's time. (A role that does not own the tables gets a warning
    // from ANALYZE, not an error, and the verify is only slower.)
    await analyzeCopiedTables(db, location.schema ?? DEFAULT_PG_SCHEMA);
    const written = await openPgCopySource(db, location);
    try {
      await verifyCopy(source.reader, written.reader);
    } finally {
      await written.close();
    }
    return { label: labelOf(db, location.project), counts };
  } finally {
    await db.close();
  }
}
