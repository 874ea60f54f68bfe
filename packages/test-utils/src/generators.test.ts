import { describe, expect, it } from 'vitest';
import { backlog, bulkItems } from './generators.js';

describe('generated workloads', () => {
  it('builds a backlog whose dependencies form a DAG over earlier features, the same for the same seed', () => {
    const a = [...backlog(2000, 7)];
    expect([...backlog(2000, 7)]).toEqual(a);
    expect(a.map((f) => f.id)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    for (const f of a) {
      expect(f.dependencies.every((d) => d < f.id && d >= f.id - 200)).toBe(true);
      expect(new Set(f.dependencies).size).toBe(f.dependencies.length);
    }
    // Deep chains, not a flat list: some feature sits many dependency levels down.
    const depth = new Map<number, number>();
    for (const f of a) depth.set(f.id, 1 + Math.max(0, ...f.dependencies.map((d) => depth.get(d)!)));
    expect(Math.max(...depth.values())).toBeGreaterThan(20);
    expect(a.some((f) => f.passes) && a.some((f) => !f.passes)).toBe(true);
  });

  it('gives createBulk items that only depend on earlier items of the batch, within the limit', () => {
    const items = bulkItems(1000, 3);
    expect(bulkItems(1000, 3)).toEqual(items);
    // Otherwise the loop below checks nothing.
    expect(items.filter((item) => item.depends_on_indices).length).toBeGreaterThan(500);
    items.forEach((item, i) => {
      for (const d of item.depends_on_indices ?? []) expect(d).toBeLessThan(i);
      expect((item.depends_on_indices ?? []).length).toBeLessThanOrEqual(20);
      expect(item.steps.length).toBeGreaterThan(0);
    });
  });
});
