import { readFileSync } from 'node:fs';
import path from 'node:path';
import { computeSchedulingScores } from '@forgedb/store';
import { describe, expect, it } from 'vitest';
import { schedulingScores, type ScoringRow } from './scoring.js';

interface Case {
  name: string;
  features: { id: number; priority: number; dependencies: number[] }[];
  scores: Record<string, number>;
  order: number[];
}
const cases = (
  JSON.parse(
    readFileSync(
      path.resolve(import.meta.dirname, '../../../../fixtures/scheduling/python-scores.json'),
      'utf8',
    ),
  ) as { cases: Case[] }
).cases;

const rowsOf = (c: Pick<Case, 'features'>): ScoringRow[] =>
  c.features.map((f) => ({ id: f.id, priority: f.priority, deps: f.dependencies }));

/** The baseline must rank exactly as forgedb and the Python app do, or the figures compare different work. */
describe('raw baseline scheduling score', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: the Python app’s scores and order', (_, c) => {
    const scores = schedulingScores(rowsOf(c));
    for (const f of c.features) expect(scores.get(f.id), `score of ${f.id}`).toBe(c.scores[String(f.id)]);
    const order = [...c.features]
      .sort((a, b) => scores.get(b.id)! - scores.get(a.id)! || a.priority - b.priority || a.id - b.id)
      .map((f) => f.id);
    expect(order).toEqual(c.order);
  });

  it('agrees with the store where counts pass 2^53 and float64’s range', () => {
    for (const levels of [60, 1100]) {
      const features = [{ id: 1, priority: 1, dependencies: [] as number[] }];
      for (let level = 1; level <= levels; level++) {
        const above = level === 1 ? [1] : [2 * level - 2, 2 * level - 1];
        features.push({ id: 2 * level, priority: 5, dependencies: above });
        features.push({ id: 2 * level + 1, priority: 3, dependencies: above.slice(0, 1) });
      }
      expect(schedulingScores(rowsOf({ features }))).toEqual(computeSchedulingScores(features));
    }
  });
});
