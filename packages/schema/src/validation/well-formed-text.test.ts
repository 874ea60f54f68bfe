import { describe, expect, it } from 'vitest';
import { conversationCreateSchema, messageCreateSchema } from './conversation.js';
import { featureBulkSchema, featureCreateSchema } from './feature.js';
import { humanInputRequestSchema, humanInputResponseSchema } from './human-input.js';
import { scheduleCreateSchema, scheduleUpdateSchema } from './schedule.js';
import { findLoneSurrogates, loneSurrogateProblem } from './well-formed-text.js';

const LONE = 'x \udc00 y';
const HIGH = 'ends with \ud83d';

/** The paths of the issues a schema reports for a value, each joined with dots. */
function issuePaths(
  schema: { safeParse(v: unknown): { error?: { issues: { path: PropertyKey[] }[] } } },
  value: unknown,
) {
  return (schema.safeParse(value).error?.issues ?? []).map((i) => i.path.map(String).join('.'));
}

describe('lone UTF-16 surrogates', () => {
  it('are named with their position; pairs (emoji) and other text pass', () => {
    expect(loneSurrogateProblem(LONE)).toBe(
      'contains a lone UTF-16 surrogate (\\udc00 at character 2), which is not valid Unicode and cannot be stored as UTF-8 text',
    );
    expect(loneSurrogateProblem(HIGH)).toMatch(/\\ud83d at character 10/);
    expect(loneSurrogateProblem('emoji 😀, accents é, CJK 漢字, nul \u0000, replacement \ufffd')).toBeNull();
  });

  const feature = { category: 'c', name: 'n', description: 'd', steps: ['s'] };

  it('are refused in every feature field, with the field (and the item of a batch) named', () => {
    expect(issuePaths(featureCreateSchema, { ...feature, name: LONE })).toEqual(['name']);
    expect(issuePaths(featureCreateSchema, { ...feature, category: HIGH })).toEqual(['category']);
    expect(issuePaths(featureCreateSchema, { ...feature, description: LONE })).toEqual(['description']);
    expect(issuePaths(featureCreateSchema, { ...feature, steps: ['ok', LONE] })).toEqual(['steps.1']);
    expect(issuePaths(featureBulkSchema, [feature, feature, { ...feature, name: LONE }])).toEqual(['2.name']);
    expect(featureCreateSchema.safeParse({ ...feature, name: 'ship it 🚀' }).success).toBe(true);
  });

  it('are refused in schedules and conversations', () => {
    const schedule = { project_name: 'p', start_time: '09:00', duration_minutes: 60 };
    expect(issuePaths(scheduleCreateSchema, { ...schedule, project_name: LONE })).toEqual(['project_name']);
    expect(issuePaths(scheduleCreateSchema, { ...schedule, model: LONE })).toEqual(['model']);
    expect(issuePaths(scheduleUpdateSchema, { model: LONE })).toEqual(['model']);
    expect(issuePaths(conversationCreateSchema, { project_name: LONE })).toEqual(['project_name']);
    expect(issuePaths(conversationCreateSchema, { project_name: 'p', title: LONE })).toEqual(['title']);
    expect(issuePaths(messageCreateSchema, { role: 'user', content: LONE })).toEqual(['content']);
  });

  it('are found anywhere in a human input request or response, unknown keys and object keys included', () => {
    const request = {
      prompt: 'Pick',
      fields: [
        { id: 'a', label: 'A', type: 'select', options: [{ value: 'v', label: LONE }] },
        { id: 'b', label: 'B', hint: { deep: [[HIGH]] } },
      ],
      extra: { [`k${'\udc00'}`]: 1 },
    };
    expect(issuePaths(humanInputRequestSchema, request)).toEqual([
      'fields.0.options.0.label',
      'fields.1.hint.deep.0.0',
      'extra.k\\udc00',
    ]);
    expect(issuePaths(humanInputResponseSchema, { a: 'ok', b: { c: [1, LONE] } })).toEqual(['b.c.1']);
    expect(humanInputResponseSchema.safeParse({ a: '😀', b: { c: [1, 'é'] } }).success).toBe(true);
  });

  it('a walk through nesting 100,000 deep does not overflow the stack', () => {
    let value: unknown = LONE;
    for (let i = 0; i < 100_000; i++) value = [value];
    const issues = findLoneSurrogates(value);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toHaveLength(100_000);
  });
});
