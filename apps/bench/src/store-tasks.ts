import Database from 'better-sqlite3';
import { openStore, type Store } from '@forgedb/store';
import { bulkItems, createPrng, messageContent, randomInt } from '@forgedb/test-utils';
import { claimWindow } from './claim-window.js';
import { openRaw, immediate } from './raw/connection.js';
import { RawMessages } from './raw/messages.js';
import { RawQueue } from './raw/queue.js';
import { pair, type LatencyPair } from './latency-pair.js';
import { nowMs } from './stats.js';
import type { Task, Variant } from './tasks.js';

/** The upgrade that openStore runs is a no-op on these current-shape files; no backup is wanted. */
function open(file: string, assistantFile?: string): Promise<Store> {
  return openStore({ file, assistantFile, backup: false });
}

/**
 * Read and single-row latencies on two identical backlogs, one process. `ready` is timed twice:
 * with nothing changed since the previous call (forgedb then answers from its per-connection
 * snapshot) and right after another connection committed a status change (the snapshot catches
 * up by re-reading the row the change log names; the graph and scores are reused because only a
 * status moved).
 */
async function queueLatency({
  forgeFile,
  rawFile,
  samples,
  readySamples,
  seed,
}: {
  forgeFile: string;
  rawFile: string;
  samples: number;
  readySamples: number;
  seed: number;
}) {
  const store = await open(forgeFile);
  const rawDb = openRaw(rawFile);
  const raw = new RawQueue(rawDb);
  // The "other agent": a second connection per file that commits one status change before each sample.
  const otherForge = openRaw(forgeFile);
  const otherRaw = openRaw(rawFile);
  const pending = (
    rawDb.prepare('SELECT id FROM features WHERE passes = 0 ORDER BY id').pluck().all() as number[]
  ).slice(-200);
  const toggle = 'UPDATE features SET needs_human_input = 1 - needs_human_input WHERE id = ?';
  const flipForge = otherForge.prepare(toggle);
  const flipRaw = otherRaw.prepare(toggle);
  const next = createPrng(seed);
  const count = raw.stats().total;
  const ids = Array.from({ length: samples + 50 }, () => randomInt(next, 1, count));

  const out: Record<string, LatencyPair> = {};
  out.readyWarm = await pair(
    readySamples,
    () => store.features.ready({ limit: 10 }),
    () => raw.ready(10),
  );
  out.readyAfterWrite = await pair(
    readySamples,
    () => store.features.ready({ limit: 10 }),
    () => raw.ready(10),
    (i) => {
      flipForge.run(pending[i % pending.length]);
      flipRaw.run(pending[i % pending.length]);
    },
  );
  out.stats = await pair(
    samples,
    () => store.features.stats(),
    () => raw.stats(),
  );
  out.get = await pair(
    samples,
    (i) => store.features.get(ids[i]!),
    (i) => raw.get(ids[i]!),
  );

  // A claim by id and its release: two guarded single-row writes, each its own transaction.
  const rawClaim = rawDb.prepare(
    `UPDATE features SET in_progress = 1, claimed_by = ?, claimed_at = strftime('%Y-%m-%d %H:%M:%f000', 'now'),
            lease_expires_at = strftime('%Y-%m-%d %H:%M:%f000', 'now', '+300 seconds'), claim_generation = claim_generation + 1
      WHERE id = ? AND passes = 0 AND in_progress = 0 AND needs_human_input = 0 RETURNING claim_generation`,
  );
  const rawRelease = rawDb.prepare(
    `UPDATE features SET in_progress = 0, claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL
      WHERE id = ? AND in_progress = 1 AND claim_generation = ?`,
  );
  const claimable = (
    rawDb
      .prepare(
        'SELECT id FROM features WHERE passes = 0 AND needs_human_input = 0 AND in_progress = 0 ORDER BY id',
      )
      .pluck()
      .all() as number[]
  ).slice(0, 100);
  out.claimRelease = await pair(
    samples,
    async (i) => {
      const { lease } = await store.features.claim(claimable[i % claimable.length]!, { agent: 'bench' });
      await store.features.release(lease);
    },
    (i) => {
      const id = claimable[i % claimable.length]!;
      const gen = immediate(
        rawDb,
        () => (rawClaim.get('bench', id) as { claim_generation: number }).claim_generation,
      );
      immediate(rawDb, () => rawRelease.run(id, gen));
    },
  );
  const items = bulkItems(samples + 50, seed);
  out.create = await pair(
    samples,
    (i) => store.features.create(items[i]!),
    (i) => raw.createBulk([items[i]!]),
  );

  await store.close();
  for (const db of [rawDb, otherForge, otherRaw]) db.close();
  return out;
}

/** One agent of a multi-process run: claimNext then markPassing with the lease, as fast as it can. */
async function claimLoop({
  variant,
  file,
  agent,
  durationMs,
}: {
  variant: Variant;
  file: string;
  agent: string;
  durationMs: number;
}) {
  if (variant === 'forgedb') {
    const store = await open(file);
    // Reads the queue outside the window, as the PostgreSQL loop loads its ranking: an agent reads
    // the whole backlog once per process, and eight doing it at the window's start on two cores
    // would be timed as claims.
    await store.features.ready({ limit: 1 });
    const result = await claimWindow(durationMs, async () => {
      const claimed = await store.features.claimNext({ agent });
      if (!claimed) return 'empty';
      await store.features.markPassing(claimed.feature.id, { lease: claimed.lease });
      return 'done';
    });
    await store.close();
    return result;
  }
  const db = openRaw(file);
  const raw = new RawQueue(db);
  const result = await claimWindow(durationMs, () => {
    const claimed = raw.claimNext(agent, 300);
    if (!claimed) return 'empty';
    if (!raw.markPassing(claimed.id, claimed.generation))
      throw new Error(`raw markPassing lost feature ${claimed.id}`);
    return 'done';
  });
  db.close();
  return result;
}

/**
 * One process of the contention floor: the raw claim and pass UPDATEs alone, on features dealt out
 * to the processes in turn (slot, slot + slots, ...), so no two ever want the same row.
 */
async function bareClaimLoop({
  file,
  agent,
  slot,
  slots,
  durationMs,
}: {
  file: string;
  agent: string;
  slot: number;
  slots: number;
  durationMs: number;
}) {
  const db = openRaw(file);
  const raw = new RawQueue(db);
  const ids = (
    db
      .prepare(
        'SELECT id FROM features WHERE NOT passes AND NOT in_progress AND NOT needs_human_input ORDER BY id',
      )
      .pluck()
      .all() as number[]
  ).filter((_, i) => i % slots === slot);
  let next = 0;
  const result = await claimWindow(durationMs, () => {
    if (next === ids.length) return 'exhausted';
    const id = ids[next++]!;
    if (!raw.claimAndPassBare(id, agent, 300)) throw new Error(`bare loop could not claim feature ${id}`);
    return 'done';
  });
  db.close();
  return result;
}

async function createBulkTask({
  variant,
  file,
  count,
  seed,
}: {
  variant: Variant;
  file: string;
  count: number;
  seed: number;
}) {
  const items = bulkItems(count, seed);
  let created: number;
  let ms: number;
  if (variant === 'forgedb') {
    const store = await open(file);
    const start = nowMs();
    created = (await store.features.createBulk(items)).created;
    ms = nowMs() - start;
    await store.close();
  } else {
    const db = openRaw(file);
    const start = nowMs();
    created = new RawQueue(db).createBulk(items).length;
    ms = nowMs() - start;
    db.close();
  }
  return { ms, created };
}

/** Appends `count` messages to one conversation (one transaction each), then reads them all back page by page. */
async function messagesTask({
  variant,
  file,
  assistantFile,
  count,
  pageSize,
}: {
  variant: Variant;
  file: string;
  assistantFile: string;
  count: number;
  pageSize: number;
}) {
  let appendMs: number;
  let readMs: number;
  let read: number;
  if (variant === 'forgedb') {
    const store = await open(file, assistantFile);
    const conversation = await store.conversations.create({ project_name: 'bench' });
    let start = nowMs();
    for (let i = 0; i < count; i++) {
      await store.conversations.addMessage(conversation.id, {
        role: i % 2 ? 'assistant' : 'user',
        content: messageContent(i),
      });
    }
    appendMs = nowMs() - start;
    start = nowMs();
    read = 0;
    let after: number | undefined;
    for (;;) {
      const page = await store.conversations.messages(conversation.id, { after, limit: pageSize });
      read += page.items.length;
      if (page.next_after === null) break;
      after = page.next_after;
    }
    readMs = nowMs() - start;
    await store.close();
  } else {
    const db = openRaw(assistantFile);
    const raw = new RawMessages(db);
    const id = raw.createConversation('bench');
    let start = nowMs();
    for (let i = 0; i < count; i++) raw.add(id, i % 2 ? 'assistant' : 'user', messageContent(i));
    appendMs = nowMs() - start;
    start = nowMs();
    read = raw.readAll(id, pageSize).count;
    readMs = nowMs() - start;
    db.close();
  }
  return { appendMs, readMs, read };
}

/** Counts after a multi-process run: every completed claim must show up as exactly one passing feature. */
function passingCount({ file }: { file: string }) {
  const db = new Database(file, { readonly: true });
  const passing = db.prepare('SELECT count(*) FROM features WHERE passes = 1').pluck().get() as number;
  const inProgress = db
    .prepare('SELECT count(*) FROM features WHERE in_progress = 1')
    .pluck()
    .get() as number;
  db.close();
  return { passing, inProgress };
}

export const storeTasks: Record<string, Task> = {
  queueLatency,
  claimLoop,
  bareClaimLoop,
  createBulk: createBulkTask,
  messages: messagesTask,
  passingCount,
};
