import { NotFoundError, ValidationError } from '@forgedb/db-core';
import { openDatabase, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationsApi } from '../api.js';
import { manualClock, type ManualClock } from '../clock.js';
import { createConversationsStore } from './index.js';

let db: SqliteDatabase;
let clock: ManualClock;
let conversations: ConversationsApi;

beforeEach(() => {
  db = openDatabase(':memory:');
  upgradeDatabase(db, 'assistant');
  clock = manualClock('2026-01-01 08:00:00.000000');
  conversations = createConversationsStore(db, clock);
});
afterEach(() => db.close());

describe('conversations store (SQLite specifics)', () => {
  it('writes timestamps as SQLAlchemy text from the clock and returns ISO-8601', async () => {
    const c = await conversations.create({ project_name: 'demo' });
    clock.advance(1.5);
    const m = await conversations.addMessage(c.id, { role: 'assistant', content: 'hi' });
    expect(db.prepare('SELECT created_at, updated_at FROM conversations').get()).toEqual({
      created_at: '2026-01-01 08:00:00.000000',
      updated_at: '2026-01-01 08:00:01.500000',
    });
    expect(db.prepare('SELECT timestamp FROM conversation_messages').pluck().get()).toBe(
      '2026-01-01 08:00:01.500000',
    );
    expect(m?.timestamp).toBe('2026-01-01T08:00:01.500000Z');
  });

  it('keeps timestamps strictly increasing within a conversation, whatever its latest one says', async () => {
    const c = await conversations.create({ project_name: 'demo' });
    const other = await conversations.create({ project_name: 'demo' });
    const stamps = () =>
      db
        .prepare('SELECT timestamp FROM conversation_messages WHERE conversation_id = ? ORDER BY id')
        .pluck()
        .all(c.id) as string[];
    // Three messages in one tick of the clock (its precision is a millisecond).
    for (const content of ['a', 'b', 'c']) await conversations.addMessage(c.id, { role: 'user', content });
    expect(stamps()).toEqual([
      '2026-01-01 08:00:00.000000',
      '2026-01-01 08:00:00.000001',
      '2026-01-01 08:00:00.000002',
    ]);
    // Another conversation has its own sequence.
    await conversations.addMessage(other.id, { role: 'user', content: 'x' });
    expect(
      db
        .prepare('SELECT timestamp FROM conversation_messages WHERE conversation_id = ?')
        .pluck()
        .get(other.id),
    ).toBe('2026-01-01 08:00:00.000000');
    // The Python app stamps with real microseconds, later in the same millisecond as forgedb's clock.
    clock.advance(0.5);
    db.prepare(
      "INSERT INTO conversation_messages (conversation_id, role, content, timestamp) VALUES (?, 'assistant', 'py', '2026-01-01 08:00:00.500789')",
    ).run(c.id);
    await conversations.addMessage(c.id, { role: 'user', content: 'd' });
    // A clock running ahead left a timestamp in the future.
    db.prepare(
      "INSERT INTO conversation_messages (conversation_id, role, content, timestamp) VALUES (?, 'assistant', 'ahead', '2026-01-01 09:59:59.999999')",
    ).run(c.id);
    const m = await conversations.addMessage(c.id, { role: 'user', content: 'e' });
    expect(stamps().slice(3)).toEqual([
      '2026-01-01 08:00:00.500789',
      '2026-01-01 08:00:00.500790',
      '2026-01-01 09:59:59.999999',
      '2026-01-01 10:00:00.000000',
    ]);
    expect(m?.timestamp).toBe('2026-01-01T10:00:00.000000Z');
    // Once the clock is past the latest timestamp again, it is used as is.
    clock.advance(7200);
    await conversations.addMessage(c.id, { role: 'user', content: 'f' });
    expect(stamps().at(-1)).toBe('2026-01-01 10:00:00.500000');
    const all = stamps();
    expect([...all].sort()).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
  });

  it('lists with message counts from a prepared statement whose count uses the conversation_id index', async () => {
    for (let i = 0; i < 3; i++) {
      const c = await conversations.create({ project_name: 'demo' });
      for (let j = 0; j <= i; j++) await conversations.addMessage(c.id, { role: 'user', content: `m${j}` });
    }
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT c.id, (SELECT COUNT(*) FROM conversation_messages m WHERE m.conversation_id = c.id)
         FROM conversations c WHERE c.project_name = ? ORDER BY c.updated_at DESC, c.id DESC`,
      )
      .all('demo') as { detail: string }[];
    // The count uses the conversation_id index rather than scanning every message per row.
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/ix_conversation_messages_conversation_id/);
    let statements = 0;
    const prepare = db.prepare.bind(db);
    db.prepare = (sql: string) => {
      statements++;
      return prepare(sql);
    };
    const listed = await conversations.list('demo');
    db.prepare = prepare;
    expect(statements).toBe(0);
    expect(listed.map((c) => c.message_count)).toEqual([3, 2, 1]);
  });

  it('refuses to leave orphan messages: the foreign key has no cascade, so delete removes messages first', async () => {
    const c = await conversations.create({ project_name: 'demo' });
    await conversations.addMessage(c.id, { role: 'user', content: 'hello' });
    expect(() => db.prepare('DELETE FROM conversations WHERE id = ?').run(c.id)).toThrow(/FOREIGN KEY/);
    expect(await conversations.delete(c.id)).toBe(true);
    expect(db.prepare('SELECT COUNT(*) FROM conversation_messages').pluck().get()).toBe(0);
  });

  it('messages() refuses a missing conversation with NotFoundError and validates paging input', async () => {
    await expect(conversations.messages(42)).rejects.toBeInstanceOf(NotFoundError);
    const c = await conversations.create({ project_name: 'demo' });
    await expect(conversations.messages(c.id, { limit: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(conversations.messages(c.id, { limit: 1001 })).rejects.toThrow(/limit/);
    await expect(conversations.messages(c.id, { after: -1 })).rejects.toThrow(/after/);
    await expect(conversations.messages(c.id)).resolves.toEqual({ items: [], next_after: null });
  });

  it('refuses a lone UTF-16 surrogate in project_name, title or content, naming the field, and writes nothing', async () => {
    await expect(conversations.create({ project_name: 'demo\udc00' })).rejects.toThrow(
      /Invalid conversation: project_name: contains a lone UTF-16 surrogate/,
    );
    await expect(conversations.create({ project_name: 'demo', title: '\ud83d' })).rejects.toThrow(
      /title: contains a lone/,
    );
    const c = await conversations.create({ project_name: 'demo' });
    await expect(conversations.addMessage(c.id, { role: 'user', content: 'hi \udc00' })).rejects.toThrow(
      /Invalid message: content: contains a lone/,
    );
    expect(db.prepare('SELECT count(*) FROM conversation_messages').pluck().get()).toBe(0);
    expect((await conversations.get(c.id))?.title).toBeNull();
  });

  it('an empty title counts as none when the first user message arrives', async () => {
    const c = await conversations.create({ project_name: 'demo', title: '' });
    await conversations.addMessage(c.id, { role: 'user', content: 'Please add OAuth' });
    expect((await conversations.get(c.id))?.title).toBe('Please add OAuth');
  });
});
