import { describe, expect, it } from 'vitest';
import { seededRandom } from '@forgedb/test-utils';
import { buildQueueGraph } from './queue-graph.js';
import type { RawQueueRow } from './queue-source.js';
import { ReadyCandidates, type CandidateFlags } from './ready-candidates.js';

const TOO_LARGE = '9007199254740993';

describe('ReadyCandidates', () => {
  it.each([1, 2, 3, 4, 5])(
    'walks exactly the queued rows that are not passing, not waiting and have every dependency passing, in ready order, through random status changes (seed %i)',
    (seed) => {
      const r = seededRandom(seed);
      for (let round = 0; round < 30; round++) {
        const n = 1 + r.int(120);
        const raws: RawQueueRow[] = [];
        for (let id = 1; id <= n; id++) {
          // Duplicates, ids no row has, and now and then a row left out of the queue.
          const deps = Array.from({ length: r.int(4) }, () => 1 + r.int(n + 3));
          if (r.int(25) === 0) deps.push(Number.NaN);
          const text = deps.length
            ? `[${deps.map((d) => (Number.isNaN(d) ? TOO_LARGE : String(d))).join(', ')}]`
            : null;
          raws.push([id, r.int(3), text, r.int(3) === 0 ? 1 : 0, 0, r.int(8) === 0 ? 1 : 0, null]);
        }
        const g = buildQueueGraph(raws);
        const flags: (CandidateFlags | undefined)[] = raws.map((row, i) =>
          g.outOfQueue[i] ? undefined : { passes: !!row[3], needsHumanInput: !!row[5] },
        );
        const passing = new Set(raws.filter((row) => row[3]).map((row) => row[0]));
        const candidates = new ReadyCandidates(g, flags, passing);

        const expected = () =>
          [...g.order].filter((i) => {
            const f = flags[i];
            return f && !f.passes && !f.needsHumanInput && g.lists[i]!.every((d) => passing.has(d));
          });
        const walked = () => {
          const out: number[] = [];
          candidates.forEach((i) => (out.push(i), true));
          return out;
        };
        expect(walked(), `round ${round}, built`).toEqual(expected());

        for (let step = 0; step < 40; step++) {
          const i = r.int(n);
          const id = raws[i]![0];
          const passedBefore = passing.has(id);
          const passes = r.int(2) === 0;
          if (passes) passing.add(id);
          else passing.delete(id);
          const f = flags[i];
          if (f) {
            f.passes = passes;
            f.needsHumanInput = r.int(5) === 0;
          }
          candidates.statusChanged(i, passedBefore);
          expect(walked(), `round ${round}, step ${step}`).toEqual(expected());
        }
      }
    },
  );

  it('stops where the visitor says', () => {
    const raws: RawQueueRow[] = [1, 2, 3, 4].map((id) => [id, id, null, 0, 0, 0, null]);
    const g = buildQueueGraph(raws);
    const candidates = new ReadyCandidates(
      g,
      raws.map(() => ({ passes: false, needsHumanInput: false })),
      new Set(),
    );
    const seen: number[] = [];
    candidates.forEach((i) => (seen.push(i), seen.length < 2));
    expect(seen).toEqual([...g.order].slice(0, 2));
  });
});
