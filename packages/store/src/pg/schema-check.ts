import { SchemaError } from '@forgedb/db-core';
import { redactUrl, type PgClient } from '@forgedb/db-core/pg';
import { migrationMembership, refuseUnsafeHistory } from '@forgedb/migrate';
import { PG_KINDS, readPgHistory } from '@forgedb/migrate/pg';
import { loadMigrations } from '@forgedb/schema';

/**
 * Refuses a database whose forgedb schema is not the one this version ships (migrations
 * pending, edited, or a newer forgedb's that are not backward compatible). A store never changes
 * the schema on a server: `forgedb migrate` does, run by a role with DDL rights (docs/postgres.md).
 */
export async function refuseSchemaNotCurrent(
  client: PgClient,
  options: { schema: string; target: string; url: string },
): Promise<void> {
  const history = await readPgHistory(client, options.schema);
  const label = `${options.target} (schema ${options.schema})`;
  const pending: string[] = [];
  for (const kind of PG_KINDS) {
    const membership = migrationMembership(
      history.filter((h) => h.kind === kind),
      loadMigrations(kind, 'postgresql'),
    );
    refuseUnsafeHistory(membership, label);
    pending.push(...membership.pending.map((m) => `${kind}/${m.tag}`));
  }
  if (pending.length > 0) {
    const schemaFlag = options.schema === 'forgedb' ? '' : ` --schema ${options.schema}`;
    throw new SchemaError(
      `${label} is ${history.length === 0 ? 'not set up for forgedb' : 'behind this version of forgedb'} ` +
        `(pending: ${pending.join(', ')}), and a store never changes the schema on a server; nothing was changed. ` +
        `Run \`forgedb migrate --database-url ${redactUrl(options.url)}${schemaFlag}\` (as a role that may ` +
        'change the schema), then retry.',
    );
  }
}
