import { describe, expect, it } from 'vitest';
import { dependencyCycles } from './dependency-cycles.js';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('dependencyCycles', () => {
  it('finds each cycle once, sorted, and ignores self-loops and missing ids', () => {
    const cycles = dependencyCycles(
      graph({ '1': ['2'], '2': ['3'], '3': ['1'], '4': ['4', '99'], '5': ['1'], '10': ['11'], '11': ['10'] }),
    );
    expect(cycles).toEqual([
      ['1', '2', '3'],
      ['10', '11'],
    ]);
  });

  it('compares ids beyond 2^53 exactly', () => {
    const big = '9007199254740993';
    const next = '9007199254740992';
    expect(dependencyCycles(graph({ [big]: [next], [next]: [big], '1': [] }))).toEqual([[next, big]]);
  });

  it('walks a chain 100,000 deep without overflowing the stack', () => {
    const n = 100_000;
    const edges = new Map(Array.from({ length: n }, (_, i) => [String(i + 1), [String(i + 2)]]));
    expect(dependencyCycles(edges)).toEqual([]);
    edges.set(String(n), ['1']);
    const cycles = dependencyCycles(edges);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(n);
  });
});
