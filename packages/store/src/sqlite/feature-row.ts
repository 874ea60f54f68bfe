import type { Statement } from 'better-sqlite3';
import { rowStatement, type Cells, type RowStatement } from './row-statement.js';

/**
 * A feature row as SQLite returns it (FEATURE_COLUMNS): JSON columns as text, booleans as 0/1, and
 * NULL wherever a legacy file holds it, whatever the table declares NOT NULL.
 */
export interface RawFeatureRow {
  id: number;
  priority: number;
  category: string;
  name: string;
  description: string;
  steps: string | null;
  passes: number | null;
  in_progress: number | null;
  dependencies: string | null;
  needs_human_input: number | null;
  human_input_request: string | null;
  human_input_response: string | null;
  claimed_by: string | null;
  claimed_at: string | null;
  lease_expires_at: string | null;
  claim_generation: number;
}

/** A row of FEATURE_COLUMNS read in raw mode (see row-statement.ts), cell by cell in that order. */
export const featureRowOf = (c: Cells): RawFeatureRow => ({
  id: c[0] as number,
  priority: c[1] as number,
  category: c[2] as string,
  name: c[3] as string,
  description: c[4] as string,
  steps: c[5] as string | null,
  passes: c[6] as number | null,
  in_progress: c[7] as number | null,
  dependencies: c[8] as string | null,
  needs_human_input: c[9] as number | null,
  human_input_request: c[10] as string | null,
  human_input_response: c[11] as string | null,
  claimed_by: c[12] as string | null,
  claimed_at: c[13] as string | null,
  lease_expires_at: c[14] as string | null,
  claim_generation: c[15] as number,
});

export type FeatureRowStatement = RowStatement<RawFeatureRow>;

/** A statement that selects or returns FEATURE_COLUMNS. */
export const featureRowStatement = (stmt: Statement): FeatureRowStatement => rowStatement(stmt, featureRowOf);
