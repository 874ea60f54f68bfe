import { describe, expect, it } from 'vitest';
import { buildQueueGraph, patchQueueGraph, type GraphChange, type QueueGraph } from './queue-graph.js';
import type { RawQueueRow } from './queue-source.js';
import { rankPositions, schedulingScores } from './scheduling-score.js';
import { seededRandom } from '@forgedb/test-utils';

type Random = ReturnType<typeof seededRandom>;

/** A dependency text as a writer may leave it: Python-style, empty, naming missing or unsafe ids, repeats, itself. */
function randomText(r: Random, ids: readonly number[], own: number): string | null {
  const roll = r.next();
  if (roll < 0.25) return null;
  if (roll < 0.3) return '[]';
  if (roll < 0.33) return '[9007199254740993]';
  const list: number[] = [];
  for (let k = r.int(4); k > 0; k--) {
    const pick = r.next();
    if (pick < 0.1) list.push(own);
    else if (pick < 0.2) list.push(1000 + r.int(40));
    else if (ids.length > 0) list.push(ids[r.int(ids.length)]!);
  }
  return `[${list.join(', ')}]`;
}

function randomRaws(r: Random, n: number): RawQueueRow[] {
  const ids: number[] = [];
  let id = 0;
  for (let i = 0; i < n; i++) ids.push((id += 1 + r.int(3)));
  return ids.map((own) => [own, r.int(12), randomText(r, ids, own), r.int(2), r.int(2), 0, null]);
}

/** Everything a graph holds, as plain values; `withOrder` false leaves an order not yet computed so. */
const contents = (g: QueueGraph, withOrder = true) => ({
  ids: [...g.ids],
  priorities: [...g.priorities],
  texts: [...g.texts],
  lists: g.lists.map((l) => [...l]),
  outOfQueue: [...g.outOfQueue],
  outCount: g.outCount,
  dangling: [...g.dangling],
  parentStart: [...g.parentStart],
  parents: [...g.parents],
  unblock: [...g.unblock],
  depthScore: [...g.depthScore],
  scores: [...g.scores],
  order: withOrder ? [...g.order] : null,
});

/** The graph's queued scores and order, against schedulingScores over the queued rows alone. */
function expectSameAsQueuedRows(g: QueueGraph) {
  const queued = [...g.ids.keys()].filter((i) => !g.outOfQueue[i]);
  const features = queued.map((i) => ({
    id: g.ids[i]!,
    priority: g.priorities[i]!,
    dependencies: g.lists[i]!,
  }));
  const scores = schedulingScores(features);
  expect(queued.map((i) => g.scores[i])).toEqual([...scores]);
  const ids = Float64Array.from(features, (f) => f.id);
  const priorities = Float64Array.from(features, (f) => f.priority);
  expect([...g.order].map((i) => g.ids[i])).toEqual(
    [...rankPositions(scores, priorities, ids)].map((k) => features[k]!.id),
  );
}

describe('buildQueueGraph', () => {
  it.each([1, 2, 3, 4, 5])(
    'scores the queued rows as schedulingScores does, rows left out isolated (seed %i)',
    (seed) => {
      const r = seededRandom(seed);
      for (let round = 0; round < 20; round++)
        expectSameAsQueuedRows(buildQueueGraph(randomRaws(r, r.int(40))));
    },
  );
});

describe('patchQueueGraph equals a fresh build', () => {
  it.each([1, 2, 3, 4, 5, 6])('after random dependency, priority and create changes (seed %i)', (seed) => {
    const r = seededRandom(seed);
    let raws = randomRaws(r, 1 + r.int(30));
    let g = buildQueueGraph(raws);
    for (let step = 0; step < 60; step++) {
      if (r.next() < 0.5) void g.order;
      const before = contents(g, false);
      const ids = raws.map((row) => row[0]);
      const next = raws.slice();
      const changes: GraphChange[] = [];
      const kind = r.next();
      // Changes to existing rows, then rows created after the last, as the change log names them.
      for (let k = 1 + r.int(3); k > 0 && kind < 0.7; k--) {
        const i = r.int(next.length);
        const [id, priority, text] = next[i]!;
        const changed: RawQueueRow = [
          id,
          r.next() < 0.5 ? r.int(12) : priority,
          r.next() < 0.6 ? randomText(r, ids, id) : text,
          0,
          0,
          0,
          null,
        ];
        next[i] = changed;
        changes.push({ position: i, id, priority: changed[1], text: changed[2] });
      }
      changes.sort((a, b) => a.position - b.position);
      const unique = changes.filter((c, k) => changes.findLastIndex((d) => d.position === c.position) === k);
      for (let k = kind >= 0.5 ? 1 + r.int(3) : 0; k > 0; k--) {
        const id = next.at(-1)![0] + 1 + r.int(3);
        // A new row may name ids still missing, which a later create fills in.
        const row: RawQueueRow = [id, r.int(12), randomText(r, [...ids, id + 1, id + 2], id), 0, 0, 0, null];
        unique.push({ position: next.length, id, priority: row[1], text: row[2] });
        next.push(row);
      }
      const patched = patchQueueGraph(g, unique);
      // The previous graph is another value, left as it was.
      expect(contents(g, false), `step ${step}: previous graph`).toEqual(before);
      raws = next;
      const fresh = buildQueueGraph(raws);
      if (patched === null) {
        // Only a row moving in or out of the queue needs the fresh build.
        expect(
          unique.some(
            (c) => c.position < g.size && fresh.outOfQueue[c.position] !== g.outOfQueue[c.position],
          ),
        ).toBe(true);
        g = fresh;
        continue;
      }
      expect(contents(patched), `step ${step}`).toEqual(contents(fresh));
      expectSameAsQueuedRows(patched);
      g = patched;
    }
  });

  it('a priority change keeps the graph arrays and moves the row within a known order', () => {
    const raws: RawQueueRow[] = [
      [1, 5, null, 0, 0, 0, null],
      [2, 5, '[1]', 0, 0, 0, null],
      [3, 5, '[1]', 0, 0, 0, null],
      [4, 5, null, 0, 0, 0, null],
    ];
    const g = buildQueueGraph(raws);
    expect([...g.order].map((i) => g.ids[i])).toEqual([1, 4, 2, 3]);
    const patched = patchQueueGraph(g, [{ position: 2, id: 3, priority: 0, text: '[1]' }])!;
    expect(patched.parents).toBe(g.parents);
    expect(patched.orderIfKnown).not.toBeNull();
    expect([...patched.order].map((i) => patched.ids[i])).toEqual([1, 4, 3, 2]);
    expect([...g.order].map((i) => g.ids[i])).toEqual([1, 4, 2, 3]);
    raws[2] = [3, 0, '[1]', 0, 0, 0, null];
    expect(contents(patched)).toEqual(contents(buildQueueGraph(raws)));
  });

  it('a create gives a row that named a missing id its parent', () => {
    const g = buildQueueGraph([
      [1, 5, null, 0, 0, 0, null],
      [2, 5, '[3]', 0, 0, 0, null],
    ]);
    expect([...g.dangling]).toEqual([1]);
    const extended = patchQueueGraph(g, [{ position: 2, id: 3, priority: 5, text: null }])!;
    expect([...extended.dangling]).toEqual([]);
    expect([...extended.parents]).toEqual([2]);
    expect([...g.parents]).toEqual([]);
    expect(extended.scores[2]).toBeGreaterThan(extended.scores[1]!);
  });
});
