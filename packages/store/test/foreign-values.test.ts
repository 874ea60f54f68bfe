import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { ValidationError } from '@forgedb/db-core';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/api.js';
import { manualClock } from '../src/clock.js';
import { UnsafeIdError, UnusablePriorityError } from '../src/errors.js';
import { exportFeatureList } from '../src/sqlite/feature-list-export.js';
import { importFeatureList } from '../src/sqlite/feature-list-import.js';
import { openStore } from '../src/open-store.js';

const BEYOND = '9007199254740993'; // 2^53 + 1: read as a JavaScript number, it becomes 2^53
const BEYOND_TOO = '9007199254740992'; // 2^53 itself: exact, but outside the safe range
const step = (name: string) => ({ category: 'c', name, description: 'd', steps: ['s'] });

/**
 * Rows written by another tool (SQLite keeps any value in any column): ids beyond 2^53, BLOBs and
 * numbers in text columns, JSON nested thousands deep. Every reader keeps working and never
 * computes on a rounded id (docs/store.md, "Values other programs wrote" and "Feature ids too large for JavaScript").
 */
describe('values forgedb never writes itself', () => {
  let dir: string;
  let file: string;
  let store: Store;
  let raw: Database.Database;
  const exec = (sql: string, ...params: unknown[]) => raw.prepare(sql).run(...params);
  const insertRaw = (
    id: string,
    extra: { dependencies?: string; in_progress?: number; name?: string } = {},
  ) =>
    exec(
      `INSERT INTO features (id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input)
       VALUES (${id}, 0, 'c', ?, 'd', '["s"]', 0, ?, ?, 0)`,
      extra.name ?? `far ${id}`,
      extra.in_progress ?? 0,
      extra.dependencies ?? null,
    );
  const idsAsText = () =>
    raw.prepare('SELECT CAST(id AS TEXT) FROM features ORDER BY id').pluck().all() as string[];

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'forgedb-foreign-'));
    file = path.join(dir, 'features.db');
    store = await openStore({ file, clock: manualClock('2026-01-01 00:00:00.000000') });
    raw = new Database(file);
    raw.pragma('busy_timeout = 10000');
  });
  afterEach(async () => {
    raw.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('feature ids beyond 2^53', () => {
    beforeEach(async () => {
      await store.features.createBulk([step('A'), step('B'), { ...step('C'), depends_on_indices: [0] }]);
      insertRaw(BEYOND);
      insertRaw(BEYOND_TOO);
      // Depends on a far row: it cannot be decided without the far id, so it is left out too.
      insertRaw('10', { dependencies: `[1, ${BEYOND}]` });
    });

    it('ready, blocked, graph and list leave them out and keep serving the other features', async () => {
      // Before: "feature 9007199254740992 not found", as the rounded id named the wrong row.
      const ready = await store.features.ready();
      expect(ready.features.map((f) => f.id)).toEqual([1, 2]);
      expect(ready.total_ready).toBe(2);
      expect((await store.features.blocked()).features.map((f) => f.id)).toEqual([3]);
      const graph = await store.features.graph();
      expect(graph.nodes.map((n) => n.id)).toEqual([1, 2, 3]);
      expect(graph.edges).toEqual([{ source: 1, target: 3 }]);
      expect((await store.features.list()).items.map((f) => f.id)).toEqual([10, 1, 2, 3]);
      // A row listed despite a far dependency shows only the ids it can name exactly.
      expect((await store.features.get(10)).dependencies).toEqual([1]);
      // stats counts rows and never needs an id: every row of the file, as the Python app counts.
      expect((await store.features.stats()).total).toBe(6);
    });

    it('a row left out for its far dependency still counts for its dependents, and can be repaired', async () => {
      exec('UPDATE features SET passes = 1 WHERE id = 10');
      await store.features.setDependencies(2, [10]);
      expect((await store.features.ready()).features.map((f) => f.id)).toEqual([1, 2]);
      exec('UPDATE features SET passes = 0 WHERE id = 10');
      expect((await store.features.blocked()).features).toMatchObject([
        { id: 2, blocked_by: [10] },
        { id: 3, blocked_by: [1] },
      ]);
      // Setting its dependencies through forgedb replaces the far entry and brings it back.
      await store.features.setDependencies(10, [1]);
      expect((await store.features.graph()).nodes.map((n) => n.id)).toEqual([1, 2, 3, 10]);
    });

    it('claimNext hands out the other features instead of reporting nothing ready forever', async () => {
      const claimed: number[] = [];
      for (;;) {
        const next = await store.features.claimNext({ agent: 'a' });
        if (!next) break;
        claimed.push(next.feature.id);
        await store.features.markPassing(next.feature.id, { lease: next.lease });
      }
      expect(claimed).toEqual([1, 2, 3]);
      expect(raw.prepare(`SELECT passes FROM features WHERE id = ${BEYOND}`).pluck().get()).toBe(0);
    });

    it('reclaimStale never touches a far row through its rounded id', async () => {
      exec(`UPDATE features SET in_progress = 1 WHERE id IN (${BEYOND}, ${BEYOND_TOO})`);
      // Before: both were read as 2^53, and the row 2^53 was stamped twice.
      expect(await store.features.reclaimStale({ olderThanSeconds: 0 })).toEqual({
        reclaimed: [],
        first_seen: [],
      });
      expect(raw.prepare('SELECT COUNT(*) FROM features WHERE claimed_at IS NOT NULL').pluck().get()).toBe(0);
    });

    it('create and createBulk number new features after the highest safe id and report those ids', async () => {
      const one = await store.features.create(step('D'));
      const bulk = await store.features.createBulk([step('E'), { ...step('F'), depends_on_indices: [0] }]);
      expect([one.id, ...bulk.features.map((f) => f.id)]).toEqual([11, 12, 13]);
      expect(bulk.features[1]!.dependencies).toEqual([12]);
      expect(idsAsText()).toEqual(['1', '2', '3', '10', '11', '12', '13', BEYOND_TOO, BEYOND]);
      expect(await store.features.get(13)).toMatchObject({ name: 'F', dependencies: [12] });
    });

    it('create refuses, creating nothing, once the safe ids are used up', async () => {
      insertRaw(String(Number.MAX_SAFE_INTEGER));
      const before = idsAsText();
      const error = await store.features.createBulk([step('X'), step('Y')]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsafeIdError);
      expect((error as Error).message).toMatch(
        /9007199254740991, the largest a JavaScript number holds exactly.*Nothing was created/,
      );
      expect(idsAsText()).toEqual(before);
      await expect(store.features.create(step('Z'))).rejects.toBeInstanceOf(UnsafeIdError);
    });

    it('export-json refuses, naming every far id exactly, and leaves an earlier export as it was', async () => {
      const out = path.join(dir, 'export.json');
      writeFileSync(out, '["the previous export"]');
      const db = openDatabase({ file });
      try {
        const error = (() => {
          try {
            exportFeatureList(db, out);
          } catch (e) {
            return e;
          }
          return undefined;
        })();
        expect(error).toBeInstanceOf(UnsafeIdError);
        expect((error as UnsafeIdError).ids.sort()).toEqual([BEYOND_TOO, BEYOND].sort());
        expect((error as Error).message).toContain(`feature ${BEYOND}`);
        expect((error as Error).message).toContain(`feature ${BEYOND_TOO}`);
        expect((error as Error).message).toContain(`feature 10 depends on ${BEYOND}`);
        expect(readFileSync(out, 'utf8')).toBe('["the previous export"]');
      } finally {
        db.close();
      }
    });
  });

  describe('a priority that is not a number', () => {
    it('create and createBulk refuse, naming the rows, and create nothing, instead of starting again at 1', async () => {
      await store.features.createBulk([step('A'), step('B'), step('C')]);
      exec(`UPDATE features SET priority = 'high' WHERE id = 2`);
      exec(`UPDATE features SET priority = x'01' WHERE id = 3`);
      const before = idsAsText();
      const error = await store.features.create(step('D')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnusablePriorityError);
      expect(error).toMatchObject({ code: 'CONFLICT', reason: 'unusable_priority', ids: ['2', '3'] });
      expect((error as Error).message).toMatch(/feature 2 \(text\), 3 \(blob\).*Nothing was created/);
      await expect(store.features.createBulk([step('E')])).rejects.toBeInstanceOf(UnusablePriorityError);
      expect(idsAsText()).toEqual(before);
    });

    it('skip refuses the same way and leaves the feature as it was, instead of moving it to priority 1', async () => {
      await store.features.createBulk([step('A'), step('B'), step('C')]);
      exec(`UPDATE features SET priority = 'high' WHERE id = 3`);
      const before = await store.features.get(1);
      const error = await store.features.skip(1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnusablePriorityError);
      expect(error).toMatchObject({ code: 'CONFLICT', reason: 'unusable_priority', ids: ['3'] });
      expect((error as Error).message).toMatch(
        /^Cannot skip feature 1: .*feature 3 \(text\).*Nothing was changed/,
      );
      expect(await store.features.get(1)).toEqual(before);
      exec(`UPDATE features SET priority = 9 WHERE id = 3`);
      expect((await store.features.skip(1)).priority).toBe(10);
    });

    it('a number stored as text by an INTEGER column counts as that number', async () => {
      await store.features.createBulk([step('A')]);
      exec(`UPDATE features SET priority = '7' WHERE id = 1`);
      expect((await store.features.create(step('B'))).priority).toBe(8);
    });
  });

  describe('BLOBs and numbers in text columns', () => {
    beforeEach(async () => {
      await store.features.createBulk([step('A'), step('B'), step('C'), step('D')]);
      // A VARCHAR or TEXT column turns numbers into text as it stores them; a BLOB stays a BLOB.
      exec(
        `UPDATE features SET name = x'68c3a96c6c6f', category = CAST('blob category' AS BLOB) WHERE id = 1`,
      );
      exec(
        `UPDATE features SET name = x'ff00fe', description = x'', steps = CAST('["blob step"]' AS BLOB) WHERE id = 2`,
      );
      exec(`UPDATE features SET human_input_request = CAST('{"prompt": "p"}' AS BLOB) WHERE id = 3`);
    });

    it('ready, graph, get, list and export all read them, as text that loses no byte', async () => {
      // Before: "text.replace is not a function" from the graph and ready output, Buffers in JSON.
      const byId = new Map((await store.features.list()).items.map((f) => [f.id, f]));
      expect(byId.get(1)).toMatchObject({ name: 'héllo', category: 'blob category' });
      expect(byId.get(2)).toMatchObject({ name: "x'ff00fe'", description: '', steps: ['blob step'] });
      expect(byId.get(3)!.human_input_request).toEqual({ prompt: 'p' });
      expect((await store.features.ready()).features.map((f) => f.name)).toEqual([
        'héllo',
        "x'ff00fe'",
        'C',
        'D',
      ]);
      const graph = await store.features.graph();
      expect(graph.nodes.map((n) => [n.name, n.category])).toEqual([
        ['héllo', 'blob category'],
        ["x'ff00fe'", 'c'],
        ['C', 'c'],
        ['D', 'c'],
      ]);
      const db = openDatabase({ file });
      try {
        const { file: out } = exportFeatureList(db, path.join(dir, 'export.json'));
        const exported = JSON.parse(readFileSync(out, 'utf8')) as { name: string; category: string }[];
        expect(exported.map((f) => f.name)).toEqual(['héllo', "x'ff00fe'", 'C', 'D']);
        expect(exported[0]!.category).toBe('blob category');
      } finally {
        db.close();
      }
    });
  });

  describe('JSON nested thousands deep', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

    it('reads such a cell as malformed (as SQLite does beyond 1000 levels) instead of overflowing the stack', async () => {
      await store.features.createBulk([step('A'), step('B')]);
      exec(
        `UPDATE features SET steps = ?, dependencies = ?, human_input_request = ? WHERE id = 1`,
        `["a", ${deep(5000)}]`,
        `[2, ${deep(5000)}]`,
        `{"f": ${deep(20000)}}`,
      );
      exec(`UPDATE features SET human_input_response = ? WHERE id = 2`, `{"a": ${deep(999)}}`);
      expect(raw.prepare('SELECT json_valid(steps) FROM features WHERE id = 1').pluck().get()).toBe(0);
      const one = await store.features.get(1);
      expect(one).toMatchObject({ steps: [], dependencies: [], human_input_request: null });
      // 1000 levels is still JSON, to SQLite and here: kept whole.
      const two = await store.features.get(2);
      expect(JSON.stringify(two.human_input_response)).toBe(`{"a":${deep(999)}}`);
      // Every reader that prints its results can, too.
      expect(() => JSON.stringify(one)).not.toThrow();
      expect((await store.features.ready()).features.map((f) => f.id)).toEqual([1, 2]);
      const db = openDatabase({ file });
      try {
        expect(() => exportFeatureList(db, path.join(dir, 'export.json'))).not.toThrow();
      } finally {
        db.close();
      }
    });

    it('refuses input nested deeper than 1000 levels with a ValidationError, writing nothing', async () => {
      await store.features.create(step('A'));
      const { lease } = await store.features.claim(1);
      const nested = JSON.parse(deep(5000)) as unknown;
      await expect(
        store.features.requestHumanInput(
          1,
          { prompt: 'p', fields: [{ id: 'a', label: 'A' }], extra: nested },
          { lease },
        ),
      ).rejects.toBeInstanceOf(ValidationError);
      expect((await store.features.get(1)).needs_human_input).toBe(false);
      await store.features.requestHumanInput(
        1,
        { prompt: 'p', fields: [{ id: 'a', label: 'A' }] },
        { lease },
      );
      await expect(store.features.respondHumanInput(1, { a: nested })).rejects.toThrow(
        /nested more than 1000 levels deep/,
      );
      expect((await store.features.get(1)).needs_human_input).toBe(true);
    });

    it('import refuses a feature_list.json entry whose dependencies nest deeper than 1000 levels', () => {
      const project = path.join(dir, 'project');
      const db = openDatabase({ projectDir: project, name: 'features.db' });
      upgradeDatabase(db, 'features');
      try {
        writeFileSync(
          path.join(project, 'feature_list.json'),
          `[{"name": "a"}, {"dependencies": ${deep(5000)}}]`,
        );
        // Before: "Maximum call stack size exceeded".
        expect(() => importFeatureList(db, project)).toThrow(
          /entry 1: "dependencies" must be nested at most 1000 levels deep.*Nothing was imported/,
        );
      } finally {
        db.close();
      }
    });
  });
});
