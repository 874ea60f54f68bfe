import { DEFAULT_PG_SCHEMA } from '../schema-name.js';
import { definePgTables } from './define-tables.js';

/** The tables in the default schema, `forgedb`: what the migrations are generated from. */
export const forgedbTables = definePgTables(DEFAULT_PG_SCHEMA);
