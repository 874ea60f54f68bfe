import { normalizeDependencies } from './columns/dependencies.js';
import { parseJsonLenient } from './columns/json.js';
import { textCell } from './columns/text-cell.js';
import type { FeatureRow } from './tables/features.js';

/** The serialization contract's keys (spec section 5), in contract order. */
export const FEATURE_KEYS = [
  'id',
  'priority',
  'category',
  'name',
  'description',
  'steps',
  'passes',
  'in_progress',
  'dependencies',
  'needs_human_input',
  'human_input_request',
  'human_input_response',
] as const;

/** The serialization contract (spec section 5): what APIs and exports return for a feature. */
export interface FeatureDict {
  id: number;
  priority: number;
  category: string;
  name: string;
  description: string;
  steps: string[];
  passes: boolean;
  in_progress: boolean;
  dependencies: number[];
  needs_human_input: boolean;
  human_input_request: unknown;
  human_input_response: unknown;
}

/** Steps are a JSON array of strings; anything unreadable serializes as an empty list. */
export function normalizeSteps(raw: unknown): string[] {
  const value = parseJsonLenient(raw);
  return Array.isArray(value) ? value.map((s) => (typeof s === 'string' ? s : JSON.stringify(s))) : [];
}

/**
 * Accepts a row as drizzle maps it (JSON columns already parsed) or as raw SQLite returns it
 * (JSON columns as text, booleans as 0/1/NULL), so raw prepared statements on hot paths and
 * drizzle queries serialize identically.
 */
export type FeatureRowLike = Pick<FeatureRow, 'id' | 'priority' | 'category' | 'name' | 'description'> & {
  steps: unknown;
  passes: unknown;
  inProgress?: unknown;
  in_progress?: unknown;
  dependencies?: unknown;
  needsHumanInput?: unknown;
  needs_human_input?: unknown;
  humanInputRequest?: unknown;
  human_input_request?: unknown;
  humanInputResponse?: unknown;
  human_input_response?: unknown;
};

const truthy = (v: unknown) => v !== null && v !== undefined && v !== false && Number(v) !== 0;
/**
 * Total over whatever a row holds: text columns always come back as strings (`textCell`), JSON
 * columns as parsed values or null, so that no stored value can make a reader throw.
 */
export function serializeFeature(row: FeatureRowLike): FeatureDict {
  return {
    id: row.id,
    priority: row.priority,
    category: textCell(row.category),
    name: textCell(row.name),
    description: textCell(row.description),
    steps: normalizeSteps(row.steps),
    passes: truthy(row.passes),
    in_progress: truthy(row.inProgress ?? row.in_progress),
    dependencies: normalizeDependencies(row.dependencies),
    needs_human_input: truthy(row.needsHumanInput ?? row.needs_human_input),
    human_input_request: parseJsonLenient(row.humanInputRequest ?? row.human_input_request),
    human_input_response: parseJsonLenient(row.humanInputResponse ?? row.human_input_response),
  };
}
