import { ValidationError } from '@forgedb/db-core';
import { openPool, withTransaction, type ForgePgPool, type OpenPoolOptions } from '@forgedb/db-core/pg';
import { DEFAULT_PG_SCHEMA, isPgSchemaName } from '@forgedb/schema/pg';
import type { StoreAdapters } from '../adapter.js';
import type { Clock } from '../clock.js';
import { createPgConversationsAdapter } from './conversations-adapter.js';
import { createPgFeatureListAdapter } from './feature-list-adapter.js';
import { createPgFeaturesAdapter } from './features-adapter.js';
import { createPgContext } from './pg-context.js';
import { resolveProject } from './projects.js';
import { refuseSchemaNotCurrent } from './schema-check.js';
import { createPgSchedulesAdapter } from './schedules-adapter.js';

export interface PgStoreOptions {
  /** `postgres://user:password@host:port/database[?sslmode=…]`; the password never appears in errors. */
  url: string;
  /** The project's name (`projects.name`); it must exist: only `forgedb copy` and `import-json` create one. */
  project: string;
  /** The PostgreSQL schema forgedb's tables are in; default `forgedb`. */
  schema?: string;
  /** Where "now" comes from for leases and overrides; default: the server's `clock_timestamp()`, once per transaction. */
  clock?: Clock;
  /** Connection pool settings (size defaults against the server's max_connections). */
  pool?: OpenPoolOptions;
}

/**
 * Opens a PostgreSQL project: a pool, a check that the schema is the one this version ships
 * (never a change to it), and the project's id. Refused with a typed error, and the pool closed,
 * when any of them fails.
 */
export async function openPgAdapters(options: PgStoreOptions): Promise<StoreAdapters> {
  const schema = options.schema ?? DEFAULT_PG_SCHEMA;
  if (!isPgSchemaName(schema)) {
    throw new ValidationError(
      'configuration',
      `PostgreSQL schema name ${JSON.stringify(schema)} is not usable: use a lowercase identifier (letters, digits, ` +
        'underscore; at most 63 characters; not starting with pg_).',
      [{ path: 'schema', message: 'not a usable schema name' }],
    );
  }
  if (typeof options.project !== 'string' || options.project.length === 0) {
    throw new ValidationError(
      'input',
      'A PostgreSQL store needs the name of its project ({ url, project }).',
      [{ path: 'project', message: 'required' }],
    );
  }
  const db: ForgePgPool = await openPool(options.url, options.pool);
  try {
    const projectId = await withTransaction(db, { readOnly: true }, async (client) => {
      await refuseSchemaNotCurrent(client, { schema, target: db.target, url: options.url });
      return resolveProject(client, schema, options.project, db.target);
    });
    const ctx = createPgContext({
      db,
      schema,
      projectId,
      projectName: options.project,
      clock: options.clock,
    });
    let closed = false;
    const conversations = createPgConversationsAdapter(ctx);
    return {
      features: createPgFeaturesAdapter(ctx),
      schedules: createPgSchedulesAdapter(ctx),
      conversations: () => conversations,
      featureList: createPgFeatureListAdapter(ctx),
      async close() {
        if (closed) return;
        closed = true;
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
