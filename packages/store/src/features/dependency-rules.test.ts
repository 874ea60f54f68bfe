import { ConflictError, NotFoundError, ValidationError } from '@forgedb/db-core';
import { describe, expect, it } from 'vitest';
import { checkDependencyList, wouldCreateCycle } from './dependency-rules.js';

const graph = (edges: Record<number, number[]>) => (id: number) => edges[id];

describe('wouldCreateCycle', () => {
  it('finds direct and indirect cycles', () => {
    const deps = graph({ 1: [], 2: [1], 3: [2] });
    expect(wouldCreateCycle(deps, 1, 3)).toBe(true);
    expect(wouldCreateCycle(deps, 1, 2)).toBe(true);
    expect(wouldCreateCycle(deps, 3, 1)).toBe(false);
    expect(wouldCreateCycle(deps, 2, 2)).toBe(true);
  });

  it('treats a walk deeper than 50 as a cycle', () => {
    const edges: Record<number, number[]> = {};
    for (let i = 1; i <= 60; i++) edges[i] = i === 1 ? [] : [i - 1];
    // 100 -> 60 walks 60 levels down without reaching 100.
    expect(wouldCreateCycle(graph(edges), 100, 60)).toBe(true);
    expect(wouldCreateCycle(graph(edges), 100, 40)).toBe(false);
  });
});

describe('checkDependencyList', () => {
  const deps = graph({ 1: [], 2: [1], 3: [2] });
  const exists = (id: number) => id >= 1 && id <= 3;
  it('accepts a valid list', () => {
    expect(() => checkDependencyList(3, [1, 2], exists, deps)).not.toThrow();
  });
  it.each([
    ['self-dependency', 2, [2], ValidationError],
    ['duplicates', 3, [1, 1], ValidationError],
    ['a missing feature', 3, [9], NotFoundError],
    ['a cycle', 1, [3], ConflictError],
    ['21 dependencies', 3, Array.from({ length: 21 }, (_, i) => i + 10), ValidationError],
  ])('refuses %s', (_, id, list, type) => {
    expect(() => checkDependencyList(id, list, exists, deps)).toThrow(type);
  });
});
