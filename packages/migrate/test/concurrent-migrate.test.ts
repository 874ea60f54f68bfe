import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, it } from 'vitest';
import { makeOldestFile, shippedTags, tempDir } from './legacy.js';
import { runWorker } from './spawn.js';

it('several processes upgrading one legacy file: all succeed, each migration is applied once', async () => {
  const file = path.join(tempDir(), 'features.db');
  makeOldestFile(file, 2000);
  const startAt = String(Date.now() + 1500);
  const runs = await Promise.all(
    Array.from({ length: 5 }, () => runWorker('upgrade-worker.ts', [file, startAt])),
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
