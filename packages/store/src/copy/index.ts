export { cellsEqual, describeCell, type Cell, type CellRow } from './cell.js';
export { decodeRow, encodeRow, type PgRowImage, type UnsafeInteger } from './codec.js';
export { COPY_BATCH, streamTables, verifyCopy, type CopyReader, type TableCount } from './copy-project.js';
export { COPY_TABLES, type CopyTable, type CopyTableName } from './tables.js';
