import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, it } from 'vitest';
import { tempDir, workerScripts } from '@forgedb/test-utils';
import { makeOldestFile, makeTestingColumnFile, shippedTags } from './legacy.js';

const workers = workerScripts(path.resolve(import.meta.dirname, 'workers'), { tsx: true });

it('several processes upgrading one legacy file: all succeed, each migration is applied once', async () => {
  const file = path.join(tempDir(), 'features.db');
  makeOldestFile(file, 2000);
  const startAt = String(Date.now() + 1500);
  const runs = await Promise.all(
    Array.from({ length: 5 }, () => workers.run('upgrade-worker.ts', [file, startAt])),
  );

  for (const r of runs) expect(r, r.stderr).toMatchObject({ code: 0 });
  const results = runs.map(
    (r) => JSON.parse(r.stdout) as { changed: boolean; applied: string[]; adopted: string | null },
  );
  expect(results.filter((r) => r.changed)).toHaveLength(1);
  expect(results.flatMap((r) => r.applied)).toEqual(shippedTags().slice(1));
  expect(results.filter((r) => r.adopted)).toHaveLength(1);

  const db = new Database(file, { readonly: true });
  expect(db.prepare('SELECT tag FROM __forgedb_migrations ORDER BY tag').pluck().all()).toEqual(
    shippedTags(),
  );
  expect(db.prepare('SELECT count(*) FROM features').pluck().get()).toBe(2000);
  db.close();
});

it('several processes repairing one testing_in_progress file: one edits the schema, the others find it done', async () => {
  const file = makeTestingColumnFile(path.join(tempDir(), 'features.db'), 'b');
  const startAt = String(Date.now() + 1500);
  const runs = await Promise.all(
    Array.from({ length: 4 }, () => workers.run('upgrade-worker.ts', [file, startAt])),
  );
  for (const r of runs) expect(r, r.stderr).toMatchObject({ code: 0 });
  expect(runs.filter((r) => (JSON.parse(r.stdout) as { changed: boolean }).changed)).toHaveLength(1);

  const db = new Database(file);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(
    db
      .prepare("SELECT dflt_value FROM pragma_table_info('features') WHERE name = 'testing_in_progress'")
      .pluck()
      .get(),
  ).toBe('0');
  expect(db.prepare('SELECT count(*) FROM features').pluck().get()).toBe(40);
  db.prepare(
    "INSERT INTO features (priority, category, name, description, steps, passes, in_progress) VALUES (1, 'c', 'n', 'd', '[]', 0, 0)",
  ).run();
  db.close();
});
