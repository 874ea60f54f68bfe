import { describe, expect, it } from 'vitest';
import { buildQueueGraph } from './queue-graph.js';
import type { RawQueueRow } from './queue-source.js';
import { SELECTION_LIMIT, selectFirst } from './ready-selection.js';
import { rankPositions } from './scheduling-score.js';
import { seededRandom } from '@forgedb/test-utils';

describe('selectFirst equals the full sort’s first k', () => {
  it.each([1, 2, 3, 4])('over random columns with many ties (seed %i)', (seed) => {
    const r = seededRandom(seed);
    for (let round = 0; round < 300; round++) {
      const n = r.int(80);
      const scoreValues = [0, 5, 105.5, 1000, Infinity, -Infinity, 1 / 3];
      const scores = Float64Array.from({ length: n }, () =>
        r.next() < 0.7 ? scoreValues[r.int(scoreValues.length)]! : r.next() * 100,
      );
      const priorities = Float64Array.from({ length: n }, () => r.int(4) - 1);
      let id = 0;
      const ids = Float64Array.from({ length: n }, () => (id += 1 + r.int(3)));
      const kept = Uint8Array.from({ length: n }, () => (r.next() < 0.6 ? 1 : 0));
      const full = [...rankPositions(scores, priorities, ids)].filter((i) => kept[i]);
      for (const limit of [0, 1, 2, 10, SELECTION_LIMIT]) {
        const selected = selectFirst({ scores, priorities, ids }, n, limit, (i) => kept[i] === 1);
        expect(selected, `round ${round}, limit ${limit}`).toEqual({
          positions: full.slice(0, limit),
          total: full.length,
        });
      }
    }
  });

  it.each([1, 2, 3])(
    'over random graphs, leaving out passing, claimed and blocked rows (seed %i)',
    (seed) => {
      const r = seededRandom(seed);
      for (let round = 0; round < 40; round++) {
        const n = 1 + r.int(200);
        const raws: RawQueueRow[] = [];
        for (let id = 1; id <= n; id++) {
          const deps = Array.from({ length: r.int(4) }, () => 1 + r.int(Math.max(1, id - 1)));
          // Few priorities, so that many scores tie and the priority and id decide.
          raws.push([
            id,
            r.int(3),
            deps.length ? `[${deps.join(', ')}]` : null,
            r.int(3) === 0 ? 1 : 0,
            r.int(4) === 0 ? 1 : 0,
            0,
            null,
          ]);
        }
        const g = buildQueueGraph(raws);
        const passing = new Set(raws.filter((row) => row[3]).map((row) => row[0]));
        const ready = (i: number) => !raws[i]![3] && !raws[i]![4] && g.lists[i]!.every((d) => passing.has(d));
        const full = [...g.order].filter(ready);
        for (const limit of [1, 10, SELECTION_LIMIT]) {
          expect(selectFirst(g, g.size, limit, ready), `round ${round}, limit ${limit}`).toEqual({
            positions: full.slice(0, limit),
            total: full.length,
          });
        }
      }
    },
  );
});
