/**
 * The PostgreSQL schema forgedb's tables live in when nothing else is chosen. The generated
 * migrations name it; a database that uses another name gets the same migrations with the
 * quoted name replaced (docs/postgres.md#schema-layout).
 */
export const DEFAULT_PG_SCHEMA = 'forgedb';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A schema name forgedb accepts: a lowercase SQL identifier (at most 63 bytes, PostgreSQL's
 * limit), so it needs no quoting rules of its own and reads the same in every tool. `pg_*`
 * names are reserved by PostgreSQL.
 */
export function isPgSchemaName(name: string): boolean {
  return SCHEMA_NAME.test(name) && !name.startsWith('pg_');
}
