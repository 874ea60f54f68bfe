import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../src/api.js';
import { openStore } from '../src/open-store.js';

const WORKER = path.resolve(import.meta.dirname, 'workers/schedule-conversation-worker.ts');

/**
 * Starts one worker process per argument list, waits until every one has opened its store, then
 * releases them all at once; resolves with each worker's JSON result.
 */
async function together(workers: string[][]): Promise<unknown[]> {
  const started = workers.map((args) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) markReady();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const done = new Promise<unknown>((resolve, reject) =>
      child.on('exit', (code) => {
        markReady();
        if (code === 0) resolve(JSON.parse(out.slice(out.indexOf('ready\n') + 6)));
        else reject(new Error(`worker exited ${code}: ${err}`));
      }),
    );
    return { child, ready, done };
  });
  await Promise.all(started.map((w) => w.ready));
  for (const w of started) w.child.stdin.end('go\n');
  return Promise.all(started.map((w) => w.done));
}

describe('real processes sharing schedules and conversations', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'forgedb-sched-conv-race-'));
    file = path.join(dir, 'features.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('4 processes at once: one override per type, no lost crash count, every message stored once in each process order', async () => {
    const store = await openStore({ file });
    const s = await store.schedules.create({
      project_name: 'demo',
      start_time: '09:00',
      duration_minutes: 60,
    });
    const c = await store.conversations.create({ project_name: 'demo' });
    await store.close();

    const accepted = await together(
      Array.from({ length: 4 }, () => ['mixed', file, String(s.id), String(c.id), '100']),
    );
    expect(accepted).toEqual([100, 100, 100, 100]);

    const after = await openStore({ file });
    const overrides = await after.schedules.listOverrides(s.id);
    expect(overrides.map((o) => o.override_type).sort()).toEqual(['start', 'stop']);
    expect((await after.schedules.get(s.id)).crash_count).toBe(400);

    const seen: Message[] = [];
    let next: number | null = null;
    do {
      const page = await after.conversations.messages(c.id, { after: next ?? undefined, limit: 37 });
      seen.push(...page.items);
      next = page.next_after;
    } while (next !== null);
    expect(seen).toHaveLength(400);
    expect(new Set(seen.map((m) => m.content)).size).toBe(400);
    const byProcess = new Map<string, number[]>();
    for (const m of seen) {
      const [pid, i] = m.content.split(':');
      byProcess.set(pid!, [...(byProcess.get(pid!) ?? []), Number(i)]);
    }
    expect(byProcess.size).toBe(4);
    for (const order of byProcess.values()) expect(order).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(await after.conversations.list('demo')).toEqual([
      expect.objectContaining({ id: c.id, message_count: 400 }),
    ]);
    await after.close();
  });

  it('4 processes adding to one conversation on the database clock: timestamps strictly increase in stored order', async () => {
    const store = await openStore({ file });
    const c = await store.conversations.create({ project_name: 'demo' });
    await store.close();

    const accepted = await together(Array.from({ length: 4 }, () => ['messages', file, String(c.id), '250']));
    expect(accepted).toEqual([250, 250, 250, 250]);

    // The Python app shows a conversation ordered by timestamp alone: that must be the order stored.
    const raw = new Database(path.join(dir, 'assistant.db'), { readonly: true });
    const stamps = raw
      .prepare('SELECT timestamp FROM conversation_messages WHERE conversation_id = ? ORDER BY id')
      .pluck()
      .all(c.id) as string[];
    raw.close();
    expect(stamps).toHaveLength(1000);
    const backwards = stamps.filter((t, i) => i > 0 && t <= stamps[i - 1]!);
    expect(backwards).toEqual([]);
  });

  it('deleting a conversation while others add to it leaves no orphan message', async () => {
    const store = await openStore({ file });
    const c = await store.conversations.create({ project_name: 'demo', title: 'T' });
    await store.close();

    const [deleted, ...accepted] = (await together([
      ['delete', file, String(c.id), '100'],
      ...Array.from({ length: 3 }, () => ['messages', file, String(c.id), '200']),
    ])) as [boolean, ...number[]];
    expect(deleted).toBe(true);
    // The delete came after at least 100 accepted messages, all of which went with the conversation.
    expect(accepted.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(100);

    const raw = new Database(path.join(dir, 'assistant.db'), { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) FROM conversations').pluck().get()).toBe(0);
    // Messages accepted after the delete would need their conversation; the FK and the null return forbid them.
    expect(raw.prepare('SELECT COUNT(*) FROM conversation_messages').pluck().get()).toBe(0);
    raw.close();
  });
});
