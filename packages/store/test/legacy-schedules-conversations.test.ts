import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';
import { sqlaToIso } from '@forgedb/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.js';
import { createConversationsStore, createSchedulesStore } from '../src/sqlite/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/legacy');

/** Python's own sqlite3 module, read-only: what the Python app would see in the file. */
const DUMP = `
import sqlite3, sys, json
con = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
con.row_factory = sqlite3.Row
out = {}
for table in sys.argv[2:]:
    exists = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    out[table] = [dict(r) for r in con.execute("SELECT * FROM " + table + " ORDER BY id")] if exists else []
print(json.dumps(out))
`;

type Row = Record<string, unknown>;
const python = (file: string, ...tables: string[]) =>
  JSON.parse(execFileSync('python3', ['-c', DUMP, file, ...tables], { encoding: 'utf8' })) as Record<
    string,
    Row[]
  >;

const dirs: string[] = [];
const open: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A private copy of a fixture (the originals are never opened for writing), upgraded as openStore does. */
function upgradedCopy(name: string, kind: 'features' | 'assistant') {
  const dir = mkdtempSync(path.join(tmpdir(), 'forgedb-store-legacy-'));
  dirs.push(dir);
  const file = path.join(dir, name);
  copyFileSync(path.join(FIXTURES, name), file);
  chmodSync(file, 0o644);
  const before = path.join(dir, `before-${name}`);
  copyFileSync(file, before);
  const db = openDatabase({ file });
  open.push(db);
  upgradeDatabase(db, kind, { backup: false });
  return { db, file, before };
}

const clock = manualClock('2026-12-01 00:00:00.000000');

describe('legacy schedules read through the store match what Python sees', () => {
  it.each(['features-v7-schedules.db', 'features-v18-current.db', 'features-v1-oldest.db'])(
    '%s',
    async (name) => {
      const { db, file, before } = upgradedCopy(name, 'features');
      const legacy = python(before, 'schedules', 'schedule_overrides');
      const store = createSchedulesStore(db, clock);

      const listed = await store.list();
      expect(listed.map((s) => s.id)).toEqual(legacy.schedules!.map((r) => r.id));
      for (const row of legacy.schedules!) {
        const s = await store.get(row.id as number);
        expect(s).toEqual({
          id: row.id,
          project_name: row.project_name,
          start_time: row.start_time,
          duration_minutes: row.duration_minutes,
          days_of_week: row.days_of_week,
          enabled: row.enabled === 1,
          yolo_mode: row.yolo_mode === 1,
          model: row.model,
          // Files from before max_concurrency existed get the Python default.
          max_concurrency: 'max_concurrency' in row ? row.max_concurrency : 3,
          crash_count: row.crash_count,
          created_at: sqlaToIso(row.created_at as string),
        });
        const overrides = legacy.schedule_overrides!.filter((o) => o.schedule_id === row.id);
        expect(await store.listOverrides(s.id)).toEqual(
          overrides.map((o) => ({
            ...o,
            expires_at: sqlaToIso(o.expires_at as string),
            created_at: sqlaToIso(o.created_at as string),
          })),
        );
      }
      if (name !== 'features-v1-oldest.db') expect(listed.length).toBeGreaterThan(0);

      // A write through the store is read back by Python as the exact text it writes itself.
      const s = await store.create({
        project_name: 'from-forgedb',
        start_time: '07:05',
        duration_minutes: 30,
      });
      await store.createOverride(s.id, 'stop', '2026-12-01T06:00:00.5+01:00');
      db.close();
      open.splice(open.indexOf(db), 1);
      const after = python(file, 'schedules', 'schedule_overrides');
      expect(after.schedules!.find((r) => r.id === s.id)).toMatchObject({
        enabled: 1,
        yolo_mode: 0,
        created_at: '2026-12-01 00:00:00.000000',
      });
      expect(after.schedule_overrides!.find((o) => o.schedule_id === s.id)).toMatchObject({
        override_type: 'stop',
        expires_at: '2026-12-01 05:00:00.500000',
      });
    },
  );
});

describe('legacy conversations read through the store match what Python sees', () => {
  it('assistant-current.db', async () => {
    const { db, file, before } = upgradedCopy('assistant-current.db', 'assistant');
    const legacy = python(before, 'conversations', 'conversation_messages');
    expect(legacy.conversations!.length).toBeGreaterThan(0);
    const store = createConversationsStore(db, clock);
    const iso = (v: unknown) => sqlaToIso(v as string | null);
    const messagesOf = (id: unknown) =>
      legacy
        .conversation_messages!.filter((m) => m.conversation_id === id)
        .map((m) => ({ ...m, timestamp: iso(m.timestamp) }));

    for (const project of new Set(legacy.conversations!.map((c) => c.project_name as string))) {
      const listed = await store.list(project);
      const expected = legacy
        .conversations!.filter((c) => c.project_name === project)
        .sort(
          (a, b) =>
            String(b.updated_at).localeCompare(String(a.updated_at)) || (b.id as number) - (a.id as number),
        );
      expect(listed).toEqual(
        expected.map((c) => ({
          ...c,
          created_at: iso(c.created_at),
          updated_at: iso(c.updated_at),
          message_count: messagesOf(c.id).length,
        })),
      );
    }
    for (const c of legacy.conversations!) {
      const got = await store.get(c.id as number);
      expect(got).toEqual({
        ...c,
        created_at: iso(c.created_at),
        updated_at: iso(c.updated_at),
        messages: messagesOf(c.id),
      });
      expect((await store.messages(c.id as number, { limit: 1 })).items).toEqual(
        messagesOf(c.id).slice(0, 1),
      );
    }

    // Adding to a titled legacy conversation keeps its title and stamps Python-format text.
    const first = legacy.conversations![0]!;
    await store.addMessage(first.id as number, { role: 'user', content: 'one more question' });
    db.close();
    open.splice(open.indexOf(db), 1);
    const after = python(file, 'conversations', 'conversation_messages');
    expect(after.conversations![0]).toEqual({ ...first, updated_at: '2026-12-01 00:00:00.000000' });
    expect(after.conversation_messages!.at(-1)).toMatchObject({
      role: 'user',
      content: 'one more question',
      timestamp: '2026-12-01 00:00:00.000000',
    });
  });
});
