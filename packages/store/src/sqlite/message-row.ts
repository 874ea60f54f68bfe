import type { Statement } from 'better-sqlite3';
import type { RawMessageRow } from '../conversations/serialize-conversation.js';
import { rowStatement, type Cells, type RowStatement } from './row-statement.js';

/** A row of MESSAGE_COLUMNS read in raw mode (see row-statement.ts), cell by cell in that order. */
export const messageRowOf = (c: Cells): RawMessageRow => ({
  id: c[0] as number,
  conversation_id: c[1] as number,
  role: c[2] as string,
  content: c[3] as string,
  timestamp: c[4] as string | null,
});

/** A statement that selects or returns MESSAGE_COLUMNS. */
export const messageRowStatement = (stmt: Statement): RowStatement<RawMessageRow> =>
  rowStatement(stmt, messageRowOf);
