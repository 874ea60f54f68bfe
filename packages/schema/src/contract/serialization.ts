import { normalizeDependencies } from '../encoding/dependencies.js';
import { parseJsonLenient } from '../encoding/json-text.js';
import { textCell } from '../encoding/text-cell.js';
import type { FeatureDict } from './feature-dict.js';
import type { FeatureRecord } from './records.js';

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
export type FeatureRowLike = Pick<FeatureRecord, 'id' | 'priority' | 'category' | 'name' | 'description'> & {
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
