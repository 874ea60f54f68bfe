import Database from 'better-sqlite3';
import { openStore } from '@forgedb/store';
import { CHANGE_LOG_TRIGGERS, queueDiagnostics } from '@forgedb/store/sqlite';
import { createPrng, randomInt } from '@forgedb/test-utils';
import { openRaw } from './raw/connection.js';
import { RawQueue } from './raw/queue.js';
import { nowMs } from './stats.js';
import { summarize, type LatencyPair } from './latency-pair.js';
import type { Task } from './tasks.js';

/** The foreign writes a plain connection makes, each one statement the Python app could issue. */
export const FOREIGN_WRITES = ['status', 'priority', 'dependency', 'create'] as const;
export type ForeignWrite = (typeof FOREIGN_WRITES)[number];

function foreignWrite(db: Database.Database, kind: ForeignWrite, ids: readonly number[]) {
  const status = db.prepare('UPDATE features SET needs_human_input = 1 - needs_human_input WHERE id = ?');
  const priority = db.prepare('UPDATE features SET priority = priority + 1 WHERE id = ?');
  const dependency = db.prepare(
    "UPDATE features SET dependencies = CASE WHEN dependencies IS NULL THEN '[1]' ELSE NULL END WHERE id = ?",
  );
  const create = db.prepare(
    "INSERT INTO features (priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input) VALUES (1, 'bench', 'py', 'd', '[]', 0, 0, NULL, 0)",
  );
  return (i: number) => {
    const id = ids[i % ids.length]!;
    if (kind === 'status') status.run(id);
    else if (kind === 'priority') priority.run(id);
    else if (kind === 'dependency') dependency.run(id);
    else create.run();
  };
}

/**
 * `ready(limit 10)` right after a plain connection (one that knows nothing of forgedb) committed
 * one write of `kind`, on two identical backlogs: forgedb follows the change log; the raw side
 * reads and scores every row, as a reader without one must. Interleaved sample by sample.
 */
async function readyAfterForeignWrite({
  forgeFile,
  rawFile,
  kind,
  samples,
  seed,
}: {
  forgeFile: string;
  rawFile: string;
  kind: ForeignWrite;
  samples: number;
  seed: number;
}) {
  const store = await openStore({ file: forgeFile, backup: false });
  const rawDb = openRaw(rawFile);
  const raw = new RawQueue(rawDb);
  const [otherForge, otherRaw] = [openRaw(forgeFile), openRaw(rawFile)];
  const next = createPrng(seed);
  const count = raw.stats().total;
  const ids = Array.from({ length: samples + 20 }, () => randomInt(next, 2, count));
  const [writeForge, writeRaw] = [foreignWrite(otherForge, kind, ids), foreignWrite(otherRaw, kind, ids)];
  const f: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < samples + 20; i++) {
    writeForge(i);
    writeRaw(i);
    let t = nowMs();
    await store.features.ready({ limit: 10 });
    const forgeMs = nowMs() - t;
    t = nowMs();
    raw.ready(10);
    const rawMs = nowMs() - t;
    // The first 20 warm up both sides.
    if (i >= 20) {
      f.push(forgeMs);
      r.push(rawMs);
    }
  }
  const diagnostics = queueDiagnostics(store.features)!;
  await store.close();
  for (const db of [rawDb, otherForge, otherRaw]) db.close();
  const pair: LatencyPair = { forgedb: summarize(f), raw: summarize(r) };
  return { ...pair, diagnostics };
}

/**
 * The change log's cost on every write of the Python app: a single-row status UPDATE in its own
 * transaction on a file with forgedb's triggers beside the same file without the change log's.
 */
function triggerCost({
  withFile,
  withoutFile,
  samples,
}: {
  withFile: string;
  withoutFile: string;
  samples: number;
}) {
  const plain = new Database(withoutFile);
  for (const name of CHANGE_LOG_TRIGGERS) plain.exec(`DROP TRIGGER IF EXISTS ${name}`);
  plain.close();
  const [withDb, withoutDb] = [openRaw(withFile), openRaw(withoutFile)];
  const sql = 'UPDATE features SET passes = 1 - IFNULL(passes, 0) WHERE id = ?';
  const [withStmt, withoutStmt] = [withDb.prepare(sql), withoutDb.prepare(sql)];
  const count = withDb.prepare('SELECT count(*) FROM features').pluck().get() as number;
  const w: number[] = [];
  const wo: number[] = [];
  for (let i = 0; i < samples + 200; i++) {
    const id = 1 + (i % count);
    let t = nowMs();
    withStmt.run(id);
    const a = nowMs() - t;
    t = nowMs();
    withoutStmt.run(id);
    const b = nowMs() - t;
    if (i >= 200) {
      w.push(a);
      wo.push(b);
    }
  }
  withDb.close();
  withoutDb.close();
  return { forgedb: summarize(w), raw: summarize(wo) };
}

/** `changes` single-row status updates in batches of `batch` per transaction; then the log's size on disk. */
function changeLogSize({ file, changes, batch }: { file: string; changes: number; batch: number }) {
  const db = openRaw(file);
  const count = db.prepare('SELECT count(*) FROM features').pluck().get() as number;
  const flip = db.prepare('UPDATE features SET passes = 1 - IFNULL(passes, 0) WHERE id = ?');
  const run = db.transaction((from: number) => {
    for (let i = from; i < from + batch; i++) flip.run(1 + (i % count));
  });
  for (let i = 0; i < changes; i += batch) run(i);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = (name: string) =>
    db.prepare('SELECT IFNULL(sum(pgsize), 0) FROM dbstat WHERE name = ?').pluck().get(name) as number;
  const result = {
    logBytes: bytes('__forgedb_changes'),
    featuresBytes: bytes('features'),
    entries: db.prepare('SELECT count(*) FROM __forgedb_changes').pluck().get() as number,
  };
  db.close();
  return result;
}

export const changeLogTasks: Record<string, Task> = {
  readyAfterForeignWrite,
  triggerCost,
  changeLogSize,
};
