export { cellsEqual, describeCell, type Cell, type CellRow } from './cell.js';
export { decodeRow, encodeRow, type PgRowImage, type UnsafeInteger } from './codec.js';
export {
  copyProject,
  type CopyLocation,
  type CopyProjectOptions,
  type CopyProjectResult,
  type PgCopyLocation,
  type SqliteCopyLocation,
} from './copy-project.js';
export type { CopyLeaseState, CopySource } from './copy-source.js';
export { COPY_BATCH, streamTables, type CopyReader, type TableCount } from './stream-tables.js';
export { COPY_TABLES, type CopyTable, type CopyTableName } from './tables.js';
export { verifyCopy } from './verify-copy.js';
