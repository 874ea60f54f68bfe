import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ScoreInput } from '../src/features/scheduling-score.js';

/** One graph of fixtures/scheduling/python-scores.json: the Python app's own scores and full order. */
export interface PythonScoresCase {
  name: string;
  features: ScoreInput[];
  scores: Record<string, number>;
  order: number[];
}

export const pythonScores = (
  JSON.parse(
    readFileSync(
      path.resolve(import.meta.dirname, '../../../fixtures/scheduling/python-scores.json'),
      'utf8',
    ),
  ) as { cases: PythonScoresCase[] }
).cases;
