import { NotFoundError, ValidationError } from '@forgedb/db-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationsApi, Message } from '@forgedb/store';
import type { StoreFactory, StoreFixture } from './types.js';

const T0 = '2026-03-02 08:00:00.000000';

/** Assistant conversations (docs/contracts.md#7-conversations) through the public API only, so every dialect can run it. */
export function conversationsSuite(factory: StoreFactory): void {
  let fx: StoreFixture;
  let conversations: ConversationsApi;
  beforeEach(async () => {
    fx = await factory();
    fx.clock.set(T0);
    conversations = fx.store.conversations;
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  /** A conversation with `n` messages alternating user/assistant, one second apart. */
  async function seeded(projectName: string, n: number, title: string | null = 'seeded') {
    const c = await conversations.create({ project_name: projectName, title });
    for (let i = 0; i < n; i++) {
      fx.clock.advance(1);
      await conversations.addMessage(c.id, {
        role: i % 2 === 0 ? 'user' : 'assistant',
        content: `message ${i}`,
      });
    }
    return c;
  }

  describe('create, get, delete', () => {
    it('creates with ISO timestamps from the store clock', async () => {
      const c = await conversations.create({ project_name: 'demo', title: 'Login page' });
      expect(c).toEqual({
        id: c.id,
        project_name: 'demo',
        title: 'Login page',
        created_at: '2026-03-02T08:00:00.000000Z',
        updated_at: '2026-03-02T08:00:00.000000Z',
      });
      expect(await conversations.get(c.id)).toEqual({ ...c, messages: [] });
      expect((await conversations.create({ project_name: 'demo' })).title).toBeNull();
    });

    it.each([
      ['an empty project name', { project_name: '' }, 'project_name'],
      ['a 101-character project name', { project_name: 'p'.repeat(101) }, 'project_name'],
      ['a 201-character title', { project_name: 'demo', title: 't'.repeat(201) }, 'title'],
      ['a numeric title', { project_name: 'demo', title: 7 }, 'title'],
    ])('refuses %s with a ValidationError naming the field, creating nothing', async (_, bad, field) => {
      const attempt = conversations.create(bad as never);
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toThrow(field);
      expect(await conversations.list('demo')).toEqual([]);
    });

    it('get returns the messages oldest first; null when missing', async () => {
      const c = await seeded('demo', 3);
      const got = await conversations.get(c.id);
      expect(got?.messages.map((m) => m.content)).toEqual(['message 0', 'message 1', 'message 2']);
      expect(got?.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
      expect(got?.messages[0]).toEqual({
        id: got?.messages[0]?.id,
        conversation_id: c.id,
        role: 'user',
        content: 'message 0',
        timestamp: '2026-03-02T08:00:01.000000Z',
      });
      expect(await conversations.get(404)).toBeNull();
    });

    it('delete removes the conversation and its messages; false when missing', async () => {
      const c = await seeded('demo', 4);
      const kept = await seeded('demo', 2);
      expect(await conversations.delete(c.id)).toBe(true);
      expect(await conversations.get(c.id)).toBeNull();
      expect(await conversations.delete(c.id)).toBe(false);
      expect(await conversations.delete(404)).toBe(false);
      expect((await conversations.list('demo')).map((x) => [x.id, x.message_count])).toEqual([[kept.id, 2]]);
    });
  });

  describe('list', () => {
    it('lists a project newest updated_at first, each with its message count', async () => {
      const a = await seeded('demo', 3);
      const b = await seeded('demo', 0);
      const c = await seeded('demo', 1);
      await seeded('other', 5);
      expect((await conversations.list('demo')).map((x) => [x.id, x.message_count])).toEqual([
        [c.id, 1],
        [b.id, 0],
        [a.id, 3],
      ]);
      // A new message moves its conversation to the top.
      fx.clock.advance(10);
      await conversations.addMessage(a.id, { role: 'assistant', content: 'later' });
      const listed = await conversations.list('demo');
      expect(listed.map((x) => [x.id, x.message_count])).toEqual([
        [a.id, 4],
        [c.id, 1],
        [b.id, 0],
      ]);
      expect(listed[0]?.updated_at).toBe('2026-03-02T08:00:19.000000Z');
      expect(await conversations.list('nobody')).toEqual([]);
    });

    it('refuses a project name that is not a string', async () => {
      await expect(conversations.list(42 as never)).rejects.toBeInstanceOf(ValidationError);
    });
  });

  describe('addMessage', () => {
    it('returns null for a missing conversation and writes nothing', async () => {
      expect(await conversations.addMessage(404, { role: 'user', content: 'hello' })).toBeNull();
      expect(await conversations.get(404)).toBeNull();
    });

    it('sets updated_at and returns the message', async () => {
      const c = await conversations.create({ project_name: 'demo', title: 'T' });
      fx.clock.advance(90);
      const m = await conversations.addMessage(c.id, { role: 'system', content: 'be brief' });
      expect(m).toEqual({
        id: m?.id,
        conversation_id: c.id,
        role: 'system',
        content: 'be brief',
        timestamp: '2026-03-02T08:01:30.000000Z',
      });
      expect((await conversations.get(c.id))?.updated_at).toBe('2026-03-02T08:01:30.000000Z');
    });

    it('titles an untitled conversation from the first user message: 50 characters plus "..." when longer', async () => {
      const long = await conversations.create({ project_name: 'demo' });
      await conversations.addMessage(long.id, { role: 'assistant', content: 'Hello! How can I help?' });
      expect((await conversations.get(long.id))?.title).toBeNull();
      const content = 'How do I add a login page to this app? It needs OAuth and email.';
      await conversations.addMessage(long.id, { role: 'user', content });
      expect((await conversations.get(long.id))?.title).toBe(`${content.slice(0, 50)}...`);
      await conversations.addMessage(long.id, { role: 'user', content: 'second question' });
      expect((await conversations.get(long.id))?.title).toBe(`${content.slice(0, 50)}...`);

      const short = await conversations.create({ project_name: 'demo' });
      await conversations.addMessage(short.id, { role: 'user', content: 'x'.repeat(50) });
      expect((await conversations.get(short.id))?.title).toBe('x'.repeat(50));

      const titled = await conversations.create({ project_name: 'demo', title: 'Mine' });
      await conversations.addMessage(titled.id, { role: 'user', content: 'anything' });
      expect((await conversations.get(titled.id))?.title).toBe('Mine');
    });

    it.each([
      ['an unknown role', { role: 'tool', content: 'x' }, 'role'],
      ['missing content', { role: 'user' }, 'content'],
      ['non-string content', { role: 'user', content: 42 }, 'content'],
    ])('refuses %s with a ValidationError and adds nothing', async (_, bad, field) => {
      const c = await conversations.create({ project_name: 'demo', title: 'T' });
      const attempt = conversations.addMessage(c.id, bad as never);
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toThrow(field);
      expect((await conversations.get(c.id))?.messages).toEqual([]);
    });
  });

  describe('message pages', () => {
    async function bulk(n: number) {
      const c = await conversations.create({ project_name: 'demo', title: 'big' });
      for (let i = 0; i < n; i++)
        await conversations.addMessage(c.id, { role: 'assistant', content: `m${i}` });
      return c;
    }

    async function pageThrough(id: number, limit: number) {
      const seen: Message[] = [];
      let pages = 0;
      let after: number | undefined;
      for (;;) {
        const page = await conversations.messages(id, { after, limit });
        pages++;
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items);
        if (page.next_after === null) break;
        expect(page.next_after).toBe(page.items[page.items.length - 1]?.id);
        after = page.next_after;
      }
      return { seen, pages };
    }

    it('pages through 5,000 messages with limit 100: every message exactly once, in order', async () => {
      const c = await bulk(5000);
      const other = await bulk(3);
      const { seen, pages } = await pageThrough(c.id, 100);
      expect(pages).toBe(50);
      expect(seen.map((m) => m.content)).toEqual(Array.from({ length: 5000 }, (_, i) => `m${i}`));
      expect(new Set(seen.map((m) => m.id)).size).toBe(5000);
      expect(seen.every((m) => m.conversation_id === c.id)).toBe(true);
      const ids = seen.map((m) => m.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect((await pageThrough(other.id, 100)).seen.map((m) => m.content)).toEqual(['m0', 'm1', 'm2']);
    });

    it('a page that ends exactly at the last message has next_after null', async () => {
      const c = await bulk(10);
      const first = await conversations.messages(c.id, { limit: 5 });
      expect(first.next_after).not.toBeNull();
      const second = await conversations.messages(c.id, { after: first.next_after ?? undefined, limit: 5 });
      expect(second.items.map((m) => m.content)).toEqual(['m5', 'm6', 'm7', 'm8', 'm9']);
      expect(second.next_after).toBeNull();
    });

    it('defaults to 100 per page and sees messages added while paging', async () => {
      const c = await bulk(150);
      const first = await conversations.messages(c.id);
      expect(first.items).toHaveLength(100);
      await conversations.addMessage(c.id, { role: 'user', content: 'late' });
      const second = await conversations.messages(c.id, { after: first.next_after ?? undefined });
      expect(second.items).toHaveLength(51);
      expect(second.items.at(-1)?.content).toBe('late');
      expect(second.next_after).toBeNull();
    });

    it('a missing conversation is NotFoundError; bad paging input is ValidationError', async () => {
      await expect(conversations.messages(404)).rejects.toBeInstanceOf(NotFoundError);
      const c = await bulk(1);
      for (const options of [
        { limit: 0 },
        { limit: 1001 },
        { limit: 2.5 },
        { after: -1 },
        { after: 'abc' },
      ]) {
        await expect(conversations.messages(c.id, options as never)).rejects.toBeInstanceOf(ValidationError);
      }
      expect((await conversations.messages(c.id, { limit: 1000 })).items).toHaveLength(1);
    });
  });
}
