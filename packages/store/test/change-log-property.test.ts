import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { backupDatabase, restoreBackup, upgradeDatabase } from '@forgedb/migrate/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/api.js';
import { addSeconds, manualClock, type ManualClock } from '../src/clock.js';
import { openStore } from '../src/open-store.js';
import { CHANGE_LOG_TRIGGERS } from '../src/sqlite/change-log.js';
import { queueDiagnostics } from '../src/sqlite/queue-diagnostics.js';
import { seededRandom } from '@forgedb/test-utils';
import { queueViews } from './queue-views.js';

const views = (store: Store) => queueViews(store, { ready: 50, blocked: 50 });

const diag = (store: Store) => queueDiagnostics(store.features)!;
const item = (name: string) => ({ category: 'c', name, description: 'd', steps: ['s'] });
const pythonList = (ids: number[]) =>
  ids.length === 0 ? null : `[${[...ids].sort((a, b) => a - b).join(', ')}]`;

describe('the incremental queue equals a full recomputation', () => {
  let dir: string;
  let file: string;
  let clock: ManualClock;
  let subject: Store;
  let other: Store;
  let reference: Store;
  let raw: Database.Database;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'forgedb-change-log-'));
    file = path.join(dir, 'features.db');
    clock = manualClock('2026-05-01 00:00:00.000000');
    subject = await openStore({ file, clock, backup: false, incrementalQueue: true });
    other = await openStore({ file, clock, backup: false, incrementalQueue: true });
    // Reads every row after any change: the old path, which the incremental one must equal.
    reference = await openStore({ file, clock, backup: false, incrementalQueue: false });
    raw = new Database(file);
    raw.pragma('busy_timeout = 5000');
  });
  afterEach(async () => {
    raw.close();
    await subject.close();
    await other.close();
    await reference.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function expectMatchesFullRead(step: string) {
    expect(await views(subject), step).toEqual(await views(reference));
  }

  it.each([1, 2, 3])('random writes from several connections, seed %i', async (seed) => {
    const r = seededRandom(seed);
    await subject.features.createBulk(Array.from({ length: 30 }, (_, i) => item(`f${i}`)));
    let saved: string | null = null;
    let k = 0;
    const ids = () => raw.prepare('SELECT id FROM features ORDER BY id').pluck().all() as number[];
    const someIds = (n: number) => {
      const all = ids();
      return Array.from({ length: r.int(n + 1) }, () => r.pick(all)).filter((x) => x !== undefined);
    };
    const insert = raw.prepare(
      "INSERT OR IGNORE INTO features (id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input) VALUES (?, ?, 'c', 'raw', 'd', '[]', ?, 0, ?, 0)",
    );
    const steps: [string, () => unknown][] = [
      [
        'raw insert',
        () =>
          insert.run(r.next() < 0.5 ? null : 200 + r.int(50), r.int(40), r.int(2), pythonList(someIds(3))),
      ],
      ['raw delete', () => raw.prepare('DELETE FROM features WHERE id = ?').run(r.pick(ids()))],
      [
        'raw id change',
        () =>
          raw
            .prepare('UPDATE OR IGNORE features SET id = ? WHERE id = ?')
            .run(300 + r.int(100), r.pick(ids())),
      ],
      [
        'raw priority',
        () => raw.prepare('UPDATE features SET priority = ? WHERE id = ?').run(r.int(40), r.pick(ids())),
      ],
      [
        'raw dependencies',
        () =>
          raw
            .prepare('UPDATE features SET dependencies = ? WHERE id = ?')
            .run(pythonList(someIds(3)), r.pick(ids())),
      ],
      [
        'raw status',
        () =>
          raw
            .prepare('UPDATE features SET passes = ?, in_progress = ?, needs_human_input = ? WHERE id = ?')
            .run(r.int(2), r.int(2), r.next() < 0.15 ? 1 : 0, r.pick(ids())),
      ],
      [
        'raw statuses of many rows',
        () =>
          raw
            .prepare('UPDATE features SET passes = NOT IFNULL(passes, 0) WHERE id % ? = 0')
            .run(2 + r.int(5)),
      ],
      [
        'raw replace',
        () =>
          raw
            .prepare(
              "INSERT OR REPLACE INTO features (id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input) VALUES (?, ?, 'c', 'replaced', 'd', '[]', ?, 0, ?, 0)",
            )
            .run(r.pick(ids()), r.int(40), r.int(2), pythonList(someIds(2))),
      ],
      [
        'raw dependency beyond the safe range',
        () =>
          raw
            .prepare("UPDATE features SET dependencies = '[9007199254740993]' WHERE id = ?")
            .run(r.pick(ids())),
      ],
      ['dropped trigger', () => raw.exec(`DROP TRIGGER IF EXISTS ${r.pick(CHANGE_LOG_TRIGGERS)}`)],
      [
        'a trigger dropped, a write it missed, the trigger restored, between two reads',
        () => {
          raw.exec(`DROP TRIGGER IF EXISTS ${r.pick(CHANGE_LOG_TRIGGERS)}`);
          raw.prepare('DELETE FROM features WHERE id = ?').run(r.pick(ids()));
          raw
            .prepare('UPDATE features SET passes = NOT IFNULL(passes, 0), priority = ? WHERE id = ?')
            .run(r.int(40), r.pick(ids()));
          const db = openDatabase({ file });
          try {
            upgradeDatabase(db, 'features', { backup: false });
          } finally {
            db.close();
          }
        },
      ],
      [
        'a change whose log entry is removed by hand, then another',
        () => {
          raw
            .prepare('UPDATE features SET passes = NOT IFNULL(passes, 0), priority = ? WHERE id = ?')
            .run(r.int(40), r.pick(ids()));
          raw.exec('DELETE FROM __forgedb_changes WHERE seq = (SELECT max(seq) FROM __forgedb_changes)');
          raw.prepare('UPDATE features SET needs_human_input = 0 WHERE id = ?').run(r.pick(ids()));
        },
      ],
      [
        'migrate restores the triggers',
        () => {
          const db = openDatabase({ file });
          try {
            upgradeDatabase(db, 'features', { backup: false });
          } finally {
            db.close();
          }
        },
      ],
      [
        'backup or restore',
        async () => {
          if (saved === null || r.next() < 0.5) {
            const db = openDatabase({ file });
            try {
              saved = backupDatabase(db, path.join(dir, `saved-${r.int(1e9)}.db`)).file;
            } finally {
              db.close();
            }
          } else await restoreBackup(saved, file);
        },
      ],
      [
        'a change, then pruning past the readers',
        () => {
          const [changed, flipped] = [r.pick(ids()), r.pick(ids())];
          raw
            .prepare('UPDATE features SET passes = NOT IFNULL(passes, 0), priority = ? WHERE id = ?')
            .run(r.int(40), changed);
          const flip = raw.prepare(
            'UPDATE features SET in_progress = NOT IFNULL(in_progress, 0) WHERE id = ?',
          );
          raw.transaction(() => {
            for (let i = 0; i < 5200; i++) flip.run(flipped);
          })();
        },
      ],
      [
        'another store claims and passes',
        async () => {
          const c = await other.features.claimNext({ agent: 'other' });
          if (c && r.next() < 0.7) await other.features.markPassing(c.feature.id, { lease: c.lease });
        },
      ],
      [
        'another store changes the graph',
        async () => {
          const all = ids();
          await other.features.setDependencies(r.pick(all), []).catch(() => undefined);
          if (r.next() < 0.5) await other.features.create(item('new'));
          else await other.features.skip(r.pick(all)).catch(() => undefined);
        },
      ],
      [
        'raw claim, with a lease that has expired or not, of a feature near the top of the ready order',
        async () => {
          // Near the top, so that the next claimNext has to decide whether to take it over.
          const top = (await reference.features.ready({ limit: 3 })).features.map((f) => f.id);
          raw
            .prepare(
              "UPDATE features SET in_progress = 1, claimed_by = 'raw', claimed_at = ?, lease_expires_at = ? WHERE id = ?",
            )
            .run(
              clock.now(),
              r.next() < 0.2 ? null : addSeconds(clock.now(), r.int(6) - 3),
              r.pick(top.length > 0 ? top : ids()),
            );
        },
      ],
      [
        'the subject claims and finishes',
        async () => {
          clock.advance(1);
          // What claimNext must take, expired leases included (the views above never show those):
          // a store that reads every row, on a copy of the file made just before.
          const copy = path.join(dir, `expected-${k}.db`);
          raw.exec(`VACUUM INTO '${copy}'`);
          const expected = await openStore({ file: copy, clock, backup: false, incrementalQueue: false });
          const wanted = await expected.features.claimNext({ agent: 'subject' });
          await expected.close();
          const c = await subject.features.claimNext({ agent: 'subject' });
          expect(c?.feature.id, `seed ${seed}, step ${k}: the feature claimNext takes`).toBe(
            wanted?.feature.id,
          );
          if (!c) return;
          if (r.next() < 0.5) await subject.features.markPassing(c.feature.id, { lease: c.lease });
          else await subject.features.release(c.lease);
        },
      ],
    ];
    const weights = [3, 2, 1, 3, 3, 6, 1, 2, 1, 1, 1, 1, 2, 1, 1, 4, 2, 2, 5];
    const bag = steps.flatMap((s, i) => Array.from({ length: weights[i]! }, () => s));
    await expectMatchesFullRead('start');
    for (k = 0; k < 150; k++) {
      const [name, run] = r.pick(bag);
      await run();
      await expectMatchesFullRead(`seed ${seed}, step ${k}: ${name}`);
    }
    // Both paths were taken: the sequence exercised the incremental one and its fallbacks.
    const d = diag(subject);
    expect(d.incrementalRefreshes).toBeGreaterThan(20);
    expect(d.fullReads).toBeGreaterThan(1);
  });
});
