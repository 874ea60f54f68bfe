import { DEFAULT_PG_SCHEMA } from '@forgedb/schema/pg';

const QUOTED_DEFAULT = `"${DEFAULT_PG_SCHEMA}"`;

/**
 * A shipped statement for the schema `schema`. drizzle-kit writes every object as
 * `"forgedb"."name"` (the default schema the tables are generated in), and the migrations hold
 * no other `"forgedb"` (no string or identifier of that spelling), so replacing the quoted name
 * is exact (docs/postgres.md#schema-layout).
 */
export function inSchema(statement: string, schema: string): string {
  return schema === DEFAULT_PG_SCHEMA ? statement : statement.split(QUOTED_DEFAULT).join(`"${schema}"`);
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
