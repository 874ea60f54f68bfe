export { definePgTables, type PgTables } from './define-tables.js';
export { forgedbTables } from './forgedb-tables.js';
export type * from './records.js';
