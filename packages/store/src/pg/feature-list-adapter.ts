import { closeSync, existsSync, openSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { ForgeDbError, ValidationError } from '@forgedb/db-core';
import { serializeFeature } from '@forgedb/schema';
import type { FeatureListAdapter } from '../adapter.js';
import { ExportFile } from '../feature-list/export-file.js';
import { featureFromEntry, type FeatureInsertRow } from '../feature-list/feature-entry.js';
import { readJsonArray } from '../feature-list/json-array-reader.js';
import { FEATURE_LIST_FILE, backupStamp } from '../feature-list/types.js';
import { FEATURE_COLUMNS, toFeatureRows } from './feature-sql.js';
import { tsParam, type PgContext } from './pg-context.js';

const PROGRESS_EVERY = 1000;
const CHUNK = 500;
const PAGE = 1000;

/** A server project has no project directory: the file is named explicitly (a directory means its feature_list.json). */
function sourceFile(from: string | undefined): string {
  if (from === undefined) {
    throw new ValidationError(
      'input',
      'A PostgreSQL project has no project directory: name the feature_list.json to import (import-json --file F).',
      [{ path: 'projectDir', message: 'required on PostgreSQL' }],
    );
  }
  const resolved = path.resolve(from);
  return existsSync(resolved) && statSync(resolved).isDirectory()
    ? path.join(resolved, FEATURE_LIST_FILE)
    : resolved;
}

function unreadable(error: unknown, label: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (error instanceof ForgeDbError || typeof e?.syscall !== 'string') return error;
  return new ForgeDbError(
    'IO',
    `Cannot read ${label} (${e.code ?? e.message}). Nothing was imported; the file was left in place.`,
    {
      cause: error,
    },
  );
}

/**
 * feature_list.json in and out of one PostgreSQL project, with the SQLite adapter's rules
 * (docs/contracts.md#5-feature_listjson): an import fills an empty project, all or nothing, and
 * renames the file to its backup name; an export writes every feature in priority order, in
 * pages (bounded memory), under a temporary name that is synced and renamed.
 */
export function createPgFeatureListAdapter(ctx: PgContext): FeatureListAdapter {
  const { t, projectId } = ctx;
  return {
    async import(from, options) {
      const source = sourceFile(from);
      if (!existsSync(source)) return { imported: 0, skipped: 'no_feature_list' };
      const label = path.relative(process.cwd(), source) || source;
      let totalBytes: number;
      try {
        closeSync(openSync(source, 'r'));
        totalBytes = statSync(source).size;
      } catch (error) {
        throw unreadable(error, label);
      }
      const imported = await ctx.write(async (client, now) => {
        // The project row's lock (the graph version moves) serialises importers; the emptiness check is made under it.
        await client.query(
          `UPDATE ${t.projects} SET graph_version = graph_version + 1, updated_at = $2::timestamptz WHERE id = $1`,
          [projectId, tsParam(now)],
        );
        const { rows } = await client.query(`SELECT 1 FROM ${t.features} WHERE project_id = $1 LIMIT 1`, [
          projectId,
        ]);
        if (rows.length > 0) return null;
        let count = 0;
        const seen = new Set<number>();
        let chunk: FeatureInsertRow[] = [];
        // Entries go in chunks of one INSERT each: memory stays at a chunk, round trips at one per chunk.
        const flush = async () => {
          if (chunk.length === 0) return;
          const column = <K extends keyof FeatureInsertRow>(key: K) => chunk.map((row) => row[key]);
          await client.query(
            `INSERT INTO ${t.features} (project_id, id, priority, category, name, description, steps, passes,
                                        in_progress, dependencies, created_at, updated_at, changed_xid)
             SELECT $1, id, priority, category, name, description, steps::jsonb, passes = 1, in_progress = 1,
                    dependencies, $11::timestamptz, $11::timestamptz, pg_current_xact_id()
               FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
                           $9::int[], $10::text[])
                    AS e(id, priority, category, name, description, steps, passes, in_progress, dependencies)`,
            [
              projectId,
              column('id'),
              column('priority'),
              column('category'),
              column('name'),
              column('description'),
              column('steps'),
              column('passes'),
              column('in_progress'),
              column('dependencies'),
              tsParam(now),
            ],
          );
          chunk = [];
        };
        try {
          for (const { index, value, bytesRead } of readJsonArray(source, label)) {
            const row = featureFromEntry(value, index);
            if (seen.has(row.id)) {
              throw new ValidationError(
                'feature_list',
                `${label} entry ${index}: id ${row.id} is used by an earlier entry. Nothing was imported.`,
                [{ path: `[${index}].id`, message: 'duplicate id' }],
              );
            }
            seen.add(row.id);
            chunk.push(row);
            if (chunk.length >= CHUNK) await flush();
            count++;
            if (options.onProgress && count % PROGRESS_EVERY === 0)
              options.onProgress({ imported: count, bytesRead, totalBytes });
          }
          await flush();
        } catch (error) {
          throw unreadable(error, label);
        }
        return count;
      });
      if (imported === null) return { imported: 0, skipped: 'database_not_empty', source };
      options.onProgress?.({ imported, bytesRead: totalBytes, totalBytes });
      const base = `${source}.backup.${backupStamp(options.now ?? new Date())}`;
      let backupFile = base;
      for (let n = 1; existsSync(backupFile); n++) backupFile = `${base}.${n}`;
      try {
        renameSync(source, backupFile);
        return { imported, source, backupFile };
      } catch (error) {
        return {
          imported,
          source,
          warning:
            `Imported ${imported} feature(s), but could not rename ${label} to ${path.basename(backupFile)} ` +
            `(${(error as Error).message}). Remove or rename it yourself; it is ignored while the project holds features.`,
        };
      }
    },

    async export(options) {
      if (options.outFile === undefined) {
        throw new ValidationError(
          'export_target',
          'A PostgreSQL project has no project directory: name the file to write (export-json --out F).',
          [{ path: 'outFile', message: 'required on PostgreSQL' }],
        );
      }
      const file = path.resolve(options.outFile);
      if (existsSync(file) && statSync(file).isDirectory()) {
        throw new ValidationError(
          'export_target',
          `${file} is a directory; nothing was exported. Name the file to write.`,
          [{ path: 'outFile', message: 'is a directory' }],
        );
      }
      const out = ExportFile.open(file, options);
      try {
        // One snapshot for every page, so the file is one consistent state of the project.
        await ctx.read(async (client) => {
          let after: [number, number] | null = null;
          for (;;) {
            const { rows }: { rows: unknown[] } = await client.query(
              `SELECT ${FEATURE_COLUMNS} FROM ${t.features}
                WHERE project_id = $1 AND ($2::bigint IS NULL OR (priority, id) > ($2::bigint, $3::bigint))
                ORDER BY priority, id LIMIT $4`,
              [projectId, after?.[0] ?? null, after?.[1] ?? null, PAGE],
            );
            for (const row of toFeatureRows(rows)) {
              out.add(serializeFeature(row));
              after = [row.priority, row.id];
            }
            if (rows.length < PAGE) break;
          }
        });
        out.commit();
      } catch (error) {
        throw out.discard(error, (other) => other);
      }
      return { file, count: out.count };
    },
  };
}
