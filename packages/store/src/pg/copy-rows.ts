import type { PgClient } from '@forgedb/db-core/pg';
import type { CellRow } from '../copy/cell.js';
import { decodeRow, type PgRowImage } from '../copy/codec.js';
import type { CopyTable } from '../copy/tables.js';
import { sqlaText, tableNames } from './pg-context.js';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** How a native value is cast in an INSERT and read back as text. */
function castIn(table: CopyTable, name: string): string {
  const kind = table.columns.find((c) => c.name === name)?.kind;
  if (kind === 'json') return '::jsonb';
  if (kind === 'datetime') return `::timestamp AT TIME ZONE 'UTC'`;
  return '';
}

function readAs(table: CopyTable, name: string): string {
  const kind = table.columns.find((c) => c.name === name)!.kind;
  const column = quote(name);
  if (kind === 'datetime') return `${sqlaText(column)} AS ${column}`;
  if (kind === 'boolean') return `(CASE WHEN ${column} THEN 't' ELSE 'f' END) AS ${column}`;
  return `${column}::text AS ${column}`;
}

const tableRef = (schema: string, table: CopyTable) =>
  tableNames(schema)[
    (
      {
        features: 'features',
        schedules: 'schedules',
        schedule_overrides: 'overrides',
        conversations: 'conversations',
        conversation_messages: 'messages',
      } as const
    )[table.name]
  ];

/** Inserts a batch of row images into the project, audit columns at the server's clock. */
export async function insertPgRows(
  client: PgClient,
  schema: string,
  projectId: number,
  table: CopyTable,
  images: PgRowImage[],
): Promise<void> {
  if (images.length === 0) return;
  const names = Object.keys(images[0]!.values);
  // A feature's queue columns are written here: the writer marks them, as every feature write does
  // (docs/decisions/0016-pg-status-delta.md).
  const changed = table.name === 'features' ? ['changed_xid'] : [];
  const params: unknown[] = [];
  const tuples = images.map((image) => {
    params.push(projectId);
    const cells = [`$${params.length}`];
    for (const name of names) {
      params.push(image.values[name] ?? null);
      cells.push(`$${params.length}${castIn(table, name)}`);
    }
    params.push(JSON.stringify(image.extra));
    cells.push(`$${params.length}::jsonb`);
    for (let i = 0; i < table.audit.length; i++) cells.push('clock_timestamp()');
    if (changed.length > 0) cells.push('pg_current_xact_id()');
    return `(${cells.join(', ')})`;
  });
  const columns = ['project_id', ...names, 'extra', ...table.audit, ...changed].map(quote).join(', ');
  await client.query(
    `INSERT INTO ${tableRef(schema, table)} (${columns}) VALUES ${tuples.join(', ')}`,
    params,
  );
}

/** One keyset batch of the project's rows as SQLite cells, ids after `afterId`. */
export async function readPgCellBatch(
  client: PgClient,
  schema: string,
  projectId: number,
  table: CopyTable,
  afterId: string | null,
  limit: number,
): Promise<CellRow[]> {
  const select = [...table.columns.map((c) => readAs(table, c.name)), 'extra::text AS "__extra"'].join(', ');
  const { rows } = await client.query<Record<string, string | null>>(
    `SELECT ${select} FROM ${tableRef(schema, table)} AS t WHERE t.project_id = $1 AND t.id > $2 ORDER BY t.id LIMIT ${limit}`,
    [projectId, afterId ?? '-9223372036854775808'],
  );
  return rows.map((r) => decodeRow(table, r, JSON.parse(r.__extra ?? '{}') as PgRowImage['extra']));
}

/** Removes the project's rows, children first (`--replace`). */
export async function deletePgProjectRows(
  client: PgClient,
  schema: string,
  projectId: number,
): Promise<void> {
  const t = tableNames(schema);
  for (const table of [t.messages, t.conversations, t.overrides, t.schedules, t.features]) {
    await client.query(`DELETE FROM ${table} WHERE project_id = $1`, [projectId]);
  }
}
