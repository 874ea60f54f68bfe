import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringifyPythonStyle } from '@forgedb/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/api.js';
import { manualClock } from '../src/clock.js';
import { prepareFeatureStatements } from '../src/sqlite/feature-statements.js';
import { queueSnapshotCache } from '../src/sqlite/queue-snapshot.js';
import { openStore } from '../src/open-store.js';
import { pythonScores, type PythonScoresCase } from './python-scores.js';

/**
 * The 63 graphs of fixtures/scheduling/python-scores.json, stored as the Python app would have
 * stored them (ids with gaps, dependency text with dangling ids, repeats and cycles), must come
 * out of a real store in the Python app's order.
 */
describe('ready and claimNext on a real file follow the Python app’s order', () => {
  let dir: string;
  let file: string;
  let store: Store;
  let raw: Database.Database;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'forgedb-python-order-'));
    file = path.join(dir, 'features.db');
    store = await openStore({ file, clock: manualClock('2026-01-01 00:00:00.000000') });
    raw = new Database(file);
  });
  afterEach(async () => {
    raw.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (c: PythonScoresCase) => {
    const row = raw.prepare(
      `INSERT INTO features (id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input)
       VALUES (?, ?, 'c', ?, 'd', '["s"]', 0, 0, ?, 0)`,
    );
    raw.transaction(() => {
      for (const [i, f] of c.features.entries()) {
        // Both spellings of "no dependencies" the Python app leaves: NULL and '[]'.
        const deps = f.dependencies.length === 0 && i % 2 === 0 ? null : stringifyPythonStyle(f.dependencies);
        row.run(f.id, f.priority, `feature ${f.id}`, deps);
      }
    })();
  };

  /**
   * Groups of at most 50 features (ready's largest page) that can all be ready at once: none
   * depends on another of its group, and every dependency exists. A feature with a dangling
   * dependency is never ready, so it is in no group; every other feature is in exactly one.
   */
  const readyGroups = (c: PythonScoresCase): Set<number>[] => {
    const ids = new Set(c.features.map((f) => f.id));
    const depsOf = new Map(c.features.map((f) => [f.id, new Set(f.dependencies)]));
    const groups: Set<number>[] = [];
    for (const id of c.order) {
      if (![...depsOf.get(id)!].every((d) => ids.has(d) && d !== id)) continue;
      const fits = (g: Set<number>) =>
        g.size < 50 && ![...g].some((other) => depsOf.get(id)!.has(other) || depsOf.get(other)!.has(id));
      const group = groups.find(fits);
      if (group) group.add(id);
      else groups.push(new Set([id]));
    }
    return groups;
  };

  it.each(pythonScores.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    insert(c);

    // The whole ranking the queue holds, whatever each feature's status.
    const snapshot = queueSnapshotCache(prepareFeatureStatements(raw)).get();
    expect(snapshot.ranked.map((r) => r.id)).toEqual(c.order);

    const groups = readyGroups(c);
    const covered = groups.reduce((n, g) => n + g.size, 0);
    const dangling = c.features.filter((f) => f.dependencies.some((d) => !(String(d) in c.scores))).length;
    expect(covered + dangling).toBe(c.features.length);
    for (const group of groups) {
      // Everything outside the group passes, so exactly the group is ready (another connection's
      // write, as when the Python app records progress).
      raw.prepare('UPDATE features SET passes = 1').run();
      const unpass = raw.prepare('UPDATE features SET passes = 0 WHERE id = ?');
      for (const id of group) unpass.run(id);
      const expected = c.order.filter((id) => group.has(id));
      const ready = await store.features.ready({ limit: 50 });
      expect(ready.features.map((f) => f.id)).toEqual(expected);
      expect(ready.total_ready).toBe(group.size);
      const claimed = await store.features.claimNext({ agent: 'order-check' });
      expect(claimed?.feature.id).toBe(expected[0]);
      await store.features.release(claimed!.lease);
    }
  });
});
