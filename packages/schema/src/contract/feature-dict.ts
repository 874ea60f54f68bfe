/** The keys of a feature result (docs/contracts.md#feature-results), in contract order. */
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

/** What APIs and exports return for a feature (docs/contracts.md#feature-results): the Python app's dict. */
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
