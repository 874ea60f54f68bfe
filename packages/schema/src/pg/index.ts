export * from './columns/index.js';
export * from './tables/index.js';
export type { RowExtra, SqliteCell } from './extra.js';
export { DEFAULT_PG_SCHEMA, isPgSchemaName } from './schema-name.js';
