/**
 * A SQLite cell exactly as stored, with its storage class: what `extra` keeps for values a
 * PostgreSQL column cannot hold verbatim. Integers are decimal text (SQLite's are 64-bit, wider
 * than a JavaScript number); reals are their shortest round-trip text (`Infinity` included);
 * blobs are base64.
 */
export type SqliteCell =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'real'; value: string }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

/**
 * Each PostgreSQL row's `extra` column (docs/postgres.md#lossless-per-column): what a SQLite row
 * held that the native columns do not carry, so a copy back to SQLite restores it.
 */
export interface RowExtra {
  /** Columns the PostgreSQL table does not have (`testing_in_progress`, `last_tested_at`, a user's column), by name. */
  columns?: Record<string, SqliteCell>;
  /**
   * For a known column whose stored cell is not what encoding its native value the SQLite way
   * gives back (malformed JSON, non-canonical DATETIME text, an integer in a TEXT column, ...):
   * the cell as stored. The native column holds what a SQLite reader decodes from it.
   */
  verbatim?: Record<string, SqliteCell>;
}
