import type { ForgeDbError } from '@forgedb/db-core';
import type { Store } from '@forgedb/store';

/*
 * The store API's bad-input table, run against every dialect (bad-input-api.test.ts on SQLite,
 * bad-input-api-pg.test.ts on PostgreSQL) over the same project: features 1..30, where 2
 * depends on 1, 3 on 2, and 1 is passing; one conversation with one message.
 */

export const SQLISH = `x'); DROP TABLE features; --`;
/** A lone UTF-16 surrogate: SQLite would get bytes that are not UTF-8, which the Python app cannot decode. */
export const LONE = 'x \udc00 y';
export const SURROGATE = /contains a lone UTF-16 surrogate/;
export const item = (over: Record<string, unknown> = {}) => ({
  category: 'api',
  name: 'a feature',
  description: 'd',
  steps: ['s'],
  ...over,
});
export const many = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);
/** An array nested `n` levels deep: deeper than SQLite's JSON limit (1000) at 5000. */
export const nested = (n: number): unknown => JSON.parse('['.repeat(n) + ']'.repeat(n));
export const BEYOND_2_53 = Number.MAX_SAFE_INTEGER + 2; // beyond 2^53 - 1: ids there cannot all be told apart

export interface ApiCase {
  name: string;
  call: (s: Store) => Promise<unknown>;
  code: ForgeDbError['code'];
  message: RegExp;
}

/** The cases; `conversationId` is the project's conversation, known once it is set up. */
export const apiCases = (conversationId: () => number): ApiCase[] => [
  {
    name: 'get an unknown id',
    call: (s) => s.features.get(999_999),
    code: 'NOT_FOUND',
    message: /feature 999999 not found/,
  },
  {
    name: 'markPassing an unknown id',
    call: (s) => s.features.markPassing(999_999),
    code: 'NOT_FOUND',
    message: /999999/,
  },
  {
    name: 'claim an unknown id',
    call: (s) => s.features.claim(424_242),
    code: 'NOT_FOUND',
    message: /424242/,
  },
  { name: 'get a negative id', call: (s) => s.features.get(-1), code: 'VALIDATION', message: /id/i },
  { name: 'get id 0', call: (s) => s.features.get(0), code: 'VALIDATION', message: /id/i },
  { name: 'get a non-integer id', call: (s) => s.features.get(1.5), code: 'VALIDATION', message: /id/i },
  { name: 'get NaN', call: (s) => s.features.get(Number.NaN), code: 'VALIDATION', message: /id/i },
  {
    name: 'get a string id',
    call: (s) => s.features.get('1' as unknown as number),
    code: 'VALIDATION',
    message: /id/i,
  },
  { name: 'skip a negative id', call: (s) => s.features.skip(-7), code: 'VALIDATION', message: /id/i },
  {
    name: 'create with a 256-character name',
    call: (s) => s.features.create(item({ name: 'n'.repeat(256) })),
    code: 'VALIDATION',
    message: /name/,
  },
  {
    name: 'create with a 101-character category',
    call: (s) => s.features.create(item({ category: 'c'.repeat(101) })),
    code: 'VALIDATION',
    message: /category/,
  },
  {
    name: 'create with an empty name',
    call: (s) => s.features.create(item({ name: '' })),
    code: 'VALIDATION',
    message: /name/,
  },
  {
    name: 'create with steps as a string',
    call: (s) => s.features.create(item({ steps: 'do it' })),
    code: 'VALIDATION',
    message: /steps/,
  },
  {
    name: 'create with numbers in steps',
    call: (s) => s.features.create(item({ steps: ['a', 2] })),
    code: 'VALIDATION',
    message: /steps/,
  },
  {
    name: 'create with no steps',
    call: (s) => s.features.create(item({ steps: [] })),
    code: 'VALIDATION',
    message: /steps/,
  },
  {
    name: 'create with a missing description',
    call: (s) => s.features.create({ category: 'a', name: 'b', steps: ['c'] } as never),
    code: 'VALIDATION',
    message: /description/,
  },
  {
    name: 'createBulk where the last of 10 items is bad (none created)',
    call: (s) =>
      s.features.createBulk([...Array.from({ length: 9 }, () => item()), item({ steps: [null] })] as never),
    code: 'VALIDATION',
    message: /steps/,
  },
  {
    name: 'createBulk with an item depending on a later one',
    call: (s) => s.features.createBulk([item({ depends_on_indices: [1] }), item()]),
    code: 'VALIDATION',
    message: /earlier items/,
  },
  {
    name: 'createBulk with an item depending on itself',
    call: (s) => s.features.createBulk([item(), item({ depends_on_indices: [1] })]),
    code: 'VALIDATION',
    message: /earlier items/,
  },
  {
    name: 'createBulk with 21 dependencies on one item',
    call: (s) =>
      s.features.createBulk([
        ...Array.from({ length: 21 }, () => item()),
        item({ depends_on_indices: many(21, 0) }),
      ]),
    code: 'VALIDATION',
    message: /depends_on_indices|20/,
  },
  {
    name: 'setDependencies with 21 ids',
    call: (s) => s.features.setDependencies(30, many(21)),
    code: 'VALIDATION',
    message: /21 dependencies; at most 20/,
  },
  {
    name: 'setDependencies with a negative id',
    call: (s) => s.features.setDependencies(30, [-1]),
    code: 'VALIDATION',
    message: /id|dependenc/i,
  },
  {
    name: 'setDependencies on an unknown feature id',
    call: (s) => s.features.setDependencies(30, [999_999]),
    code: 'NOT_FOUND',
    message: /999999/,
  },
  {
    name: 'setDependencies that are not an array',
    call: (s) => s.features.setDependencies(30, '1,2' as never),
    code: 'VALIDATION',
    message: /array/,
  },
  {
    name: 'a direct dependency cycle (1 on 2, 2 already on 1)',
    call: (s) => s.features.addDependency(1, 2),
    code: 'CONFLICT',
    message: /cycle/,
  },
  {
    name: 'a cycle through a chain (1 on 3, 3 -> 2 -> 1)',
    call: (s) => s.features.setDependencies(1, [3]),
    code: 'CONFLICT',
    message: /cycle/,
  },
  {
    name: 'a self-dependency',
    call: (s) => s.features.addDependency(5, 5),
    code: 'VALIDATION',
    message: /itself/,
  },
  {
    name: 'claim a passing feature',
    call: (s) => s.features.claim(1),
    code: 'CONFLICT',
    message: /already passing/,
  },
  {
    name: 'claim with a negative lease',
    call: (s) => s.features.claim(4, { leaseSeconds: -5 }),
    code: 'VALIDATION',
    message: /lease/,
  },
  {
    name: 'claim with a 256-character agent name',
    call: (s) => s.features.claim(4, { agent: 'a'.repeat(256) }),
    code: 'VALIDATION',
    message: /agent/,
  },
  {
    name: 'ready with limit 51',
    call: (s) => s.features.ready({ limit: 51 }),
    code: 'VALIDATION',
    message: /limit/,
  },
  {
    name: 'ready with limit 0',
    call: (s) => s.features.ready({ limit: 0 }),
    code: 'VALIDATION',
    message: /limit/,
  },
  {
    name: 'get an id beyond 2^53',
    call: (s) => s.features.get(BEYOND_2_53),
    code: 'VALIDATION',
    message: /id/i,
  },
  {
    name: 'setDependencies with an id beyond 2^53',
    call: (s) => s.features.setDependencies(30, [BEYOND_2_53]),
    code: 'VALIDATION',
    message: /id/i,
  },
  {
    name: 'requestHumanInput with a request nested 5000 levels deep',
    call: (s) =>
      s.features.requestHumanInput(4, { prompt: 'p', fields: [{ id: 'a', label: 'A' }], deep: nested(5000) }),
    code: 'VALIDATION',
    message: /nested more than 1000 levels deep/,
  },
  {
    name: 'respondHumanInput with an answer nested 5000 levels deep',
    call: (s) => s.features.respondHumanInput(4, { answer: nested(5000) }),
    code: 'VALIDATION',
    message: /nested more than 1000 levels deep/,
  },
  {
    name: 'a message with an unknown role',
    call: (s) => s.conversations.addMessage(conversationId(), { role: 'admin' as never, content: 'x' }),
    code: 'VALIDATION',
    message: /role/,
  },
  {
    name: 'message page limit 1001',
    call: (s) => s.conversations.messages(conversationId(), { limit: 1001 }),
    code: 'VALIDATION',
    message: /limit/,
  },
  {
    name: 'a conversation with a 101-character project name',
    call: (s) => s.conversations.create({ project_name: 'p'.repeat(101) }),
    code: 'VALIDATION',
    message: /project/,
  },
  {
    name: 'create with a lone surrogate in the name',
    call: (s) => s.features.create(item({ name: LONE })),
    code: 'VALIDATION',
    message: /name: contains a lone UTF-16 surrogate \(\\udc00 at character 2\)/,
  },
  {
    name: 'create with a lone high surrogate ending the category',
    call: (s) => s.features.create(item({ category: 'api \ud83d' })),
    code: 'VALIDATION',
    message: /category: contains a lone/,
  },
  {
    name: 'create with a lone surrogate in the description',
    call: (s) => s.features.create(item({ description: LONE })),
    code: 'VALIDATION',
    message: /description: contains a lone/,
  },
  {
    name: 'createBulk where a step of the last of 10 items holds a lone surrogate (none created)',
    call: (s) =>
      s.features.createBulk([...Array.from({ length: 9 }, () => item()), item({ steps: ['ok', LONE] })]),
    code: 'VALIDATION',
    message: /9\.steps\.1: contains a lone/,
  },
  {
    name: 'claim with a lone surrogate in the agent name',
    call: (s) => s.features.claim(4, { agent: LONE }),
    code: 'VALIDATION',
    message: /agent contains a lone/,
  },
  {
    name: 'a human input request with a lone surrogate nested in an option label',
    call: (s) =>
      s.features.requestHumanInput(4, {
        prompt: 'p',
        fields: [{ id: 'a', label: 'A', type: 'select', options: [{ value: 'v', label: LONE }] }],
      }),
    code: 'VALIDATION',
    message: /fields\.0\.options\.0\.label: contains a lone/,
  },
  {
    name: 'a human input response with a lone surrogate three levels deep',
    call: (s) => s.features.respondHumanInput(4, { a: { b: [1, LONE] } }),
    code: 'VALIDATION',
    message: /a\.b\.1: contains a lone/,
  },
  {
    name: 'a schedule with a lone surrogate in project_name',
    call: (s) => s.schedules.create({ project_name: LONE, start_time: '09:00', duration_minutes: 30 }),
    code: 'VALIDATION',
    message: /project_name: contains a lone/,
  },
  {
    name: 'a schedule with a lone surrogate in model',
    call: (s) =>
      s.schedules.create({ project_name: 'p', start_time: '09:00', duration_minutes: 30, model: LONE }),
    code: 'VALIDATION',
    message: /model: contains a lone/,
  },
  {
    name: 'a conversation with a lone surrogate in the title',
    call: (s) => s.conversations.create({ project_name: 'p', title: LONE }),
    code: 'VALIDATION',
    message: /title: contains a lone/,
  },
  {
    name: 'a message with a lone surrogate in its content',
    call: (s) => s.conversations.addMessage(conversationId(), { role: 'user', content: LONE }),
    code: 'VALIDATION',
    message: SURROGATE,
  },
];
