import { describe, expect, it } from 'vitest';
import { conversationCreateSchema, messageCreateSchema, messageRoleSchema } from './conversation.js';
import {
  dependencyListSchema,
  featureBulkItemSchema,
  featureBulkSchema,
  featureCreateSchema,
} from './feature.js';
import { humanInputRequestSchema, humanInputResponseSchema } from './human-input.js';
import { LIMITS } from './limits.js';
import {
  overrideTypeSchema,
  scheduleCreateSchema,
  scheduleUpdateSchema,
  startTimeSchema,
} from './schedule.js';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) =>
  schema.safeParse(value).success;

describe('featureCreateSchema', () => {
  const valid = {
    category: 'core',
    name: 'Login',
    description: 'Users log in',
    steps: ['Open page', 'Submit'],
  };

  it('accepts a complete feature', () => {
    expect(featureCreateSchema.parse(valid)).toEqual(valid);
  });

  it('bounds category to 1..100 and name to 1..255 characters', () => {
    expect(LIMITS.categoryMax).toBe(100);
    expect(LIMITS.nameMax).toBe(255);
    expect(ok(featureCreateSchema, { ...valid, category: '' })).toBe(false);
    expect(ok(featureCreateSchema, { ...valid, category: 'c'.repeat(100) })).toBe(true);
    expect(ok(featureCreateSchema, { ...valid, category: 'c'.repeat(101) })).toBe(false);
    expect(ok(featureCreateSchema, { ...valid, name: '' })).toBe(false);
    expect(ok(featureCreateSchema, { ...valid, name: 'n'.repeat(255) })).toBe(true);
    expect(ok(featureCreateSchema, { ...valid, name: 'n'.repeat(256) })).toBe(false);
  });

  it('requires a non-empty description', () => {
    expect(ok(featureCreateSchema, { ...valid, description: '' })).toBe(false);
    const { description: _, ...withoutDescription } = valid;
    expect(ok(featureCreateSchema, withoutDescription)).toBe(false);
  });

  it('requires steps to be a non-empty array of strings', () => {
    expect(ok(featureCreateSchema, { ...valid, steps: [] })).toBe(false);
    expect(ok(featureCreateSchema, { ...valid, steps: 'Open page' })).toBe(false);
    expect(ok(featureCreateSchema, { ...valid, steps: ['ok', 3] })).toBe(false);
    expect(ok(featureCreateSchema, { ...valid, steps: [null] })).toBe(false);
  });

  it('names the offending field in the issue path', () => {
    const result = featureCreateSchema.safeParse({ ...valid, category: '' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['category']);
  });
});

describe('bulk create and dependency lists', () => {
  const item = { category: 'c', name: 'n', description: 'd', steps: ['s'] };

  it('needs at least one item', () => {
    expect(ok(featureBulkSchema, [])).toBe(false);
    expect(ok(featureBulkSchema, [item])).toBe(true);
  });

  it('allows at most 20 non-negative integer depends_on_indices', () => {
    expect(ok(featureBulkItemSchema, { ...item, depends_on_indices: [0, 1] })).toBe(true);
    expect(ok(featureBulkItemSchema, { ...item, depends_on_indices: [-1] })).toBe(false);
    expect(ok(featureBulkItemSchema, { ...item, depends_on_indices: [1.5] })).toBe(false);
    expect(
      ok(featureBulkItemSchema, { ...item, depends_on_indices: Array.from({ length: 20 }, (_, i) => i) }),
    ).toBe(true);
    expect(
      ok(featureBulkItemSchema, { ...item, depends_on_indices: Array.from({ length: 21 }, (_, i) => i) }),
    ).toBe(false);
  });

  it('allows at most 20 positive integer feature ids as dependencies', () => {
    expect(ok(dependencyListSchema, [1, 2])).toBe(true);
    expect(ok(dependencyListSchema, [0])).toBe(false);
    expect(
      ok(
        dependencyListSchema,
        Array.from({ length: 21 }, (_, i) => i + 1),
      ),
    ).toBe(false);
  });
});

describe('schedules', () => {
  const valid = { project_name: 'proj', start_time: '09:30', duration_minutes: 60 };

  it('fills the spec defaults', () => {
    expect(scheduleCreateSchema.parse(valid)).toEqual({
      ...valid,
      days_of_week: 127,
      enabled: true,
      yolo_mode: false,
      model: null,
      max_concurrency: 3,
    });
  });

  it('accepts start_time only as HH:MM within a day', () => {
    for (const t of ['00:00', '09:30', '23:59']) expect(ok(startTimeSchema, t), t).toBe(true);
    for (const t of ['24:00', '9:30', '09:60', '09:30:00', '', 'noon'])
      expect(ok(startTimeSchema, t), t).toBe(false);
  });

  it('matches the CHECK ranges: duration 1..1440, days 0..127, concurrency 1..5', () => {
    const cases: [Record<string, unknown>, boolean][] = [
      [{ duration_minutes: 1 }, true],
      [{ duration_minutes: 1440 }, true],
      [{ duration_minutes: 0 }, false],
      [{ duration_minutes: 1441 }, false],
      [{ duration_minutes: 1.5 }, false],
      [{ days_of_week: 0 }, true],
      [{ days_of_week: 127 }, true],
      [{ days_of_week: 128 }, false],
      [{ days_of_week: -1 }, false],
      [{ max_concurrency: 1 }, true],
      [{ max_concurrency: 5 }, true],
      [{ max_concurrency: 0 }, false],
      [{ max_concurrency: 6 }, false],
    ];
    for (const [patch, expected] of cases)
      expect(ok(scheduleCreateSchema, { ...valid, ...patch }), JSON.stringify(patch)).toBe(expected);
  });

  it('bounds project_name to 1..50 and model to 50 characters', () => {
    expect(ok(scheduleCreateSchema, { ...valid, project_name: '' })).toBe(false);
    expect(ok(scheduleCreateSchema, { ...valid, project_name: 'p'.repeat(51) })).toBe(false);
    expect(ok(scheduleCreateSchema, { ...valid, model: 'm'.repeat(50) })).toBe(true);
    expect(ok(scheduleCreateSchema, { ...valid, model: 'm'.repeat(51) })).toBe(false);
  });

  it('updates are partial, cannot move a schedule to another project, and keep crash_count >= 0', () => {
    expect(scheduleUpdateSchema.parse({})).toEqual({});
    expect(ok(scheduleUpdateSchema, { duration_minutes: 0 })).toBe(false);
    expect(ok(scheduleUpdateSchema, { crash_count: 0 })).toBe(true);
    expect(ok(scheduleUpdateSchema, { crash_count: -1 })).toBe(false);
    expect(scheduleUpdateSchema.parse({ project_name: 'other' })).not.toHaveProperty('project_name');
  });

  it("accepts only 'start' and 'stop' overrides", () => {
    expect(ok(overrideTypeSchema, 'start')).toBe(true);
    expect(ok(overrideTypeSchema, 'stop')).toBe(true);
    expect(ok(overrideTypeSchema, 'pause')).toBe(false);
    expect(ok(overrideTypeSchema, 'START')).toBe(false);
  });
});

describe('conversations', () => {
  it("accepts only the roles 'user', 'assistant' and 'system'", () => {
    for (const role of ['user', 'assistant', 'system']) expect(ok(messageRoleSchema, role)).toBe(true);
    for (const role of ['tool', 'User', '']) expect(ok(messageRoleSchema, role)).toBe(false);
    expect(ok(messageCreateSchema, { role: 'bot', content: 'x' })).toBe(false);
    expect(ok(messageCreateSchema, { role: 'user', content: 'x' })).toBe(true);
  });

  it('bounds project_name to 1..100 and title to 200 characters', () => {
    expect(ok(conversationCreateSchema, { project_name: 'p' })).toBe(true);
    expect(ok(conversationCreateSchema, { project_name: '' })).toBe(false);
    expect(ok(conversationCreateSchema, { project_name: 'p'.repeat(101) })).toBe(false);
    expect(ok(conversationCreateSchema, { project_name: 'p', title: 't'.repeat(200) })).toBe(true);
    expect(ok(conversationCreateSchema, { project_name: 'p', title: 't'.repeat(201) })).toBe(false);
    expect(ok(conversationCreateSchema, { project_name: 'p', title: null })).toBe(true);
  });
});

describe('human input requests (docs/contracts.md#operations-and-their-guards)', () => {
  const request = (fields: unknown[]) => ({ prompt: 'Need a decision', fields });

  it('accepts every field type, with options only on select', () => {
    const parsed = humanInputRequestSchema.parse(
      request([
        { id: 'a', label: 'A', type: 'text' },
        { id: 'b', label: 'B', type: 'textarea' },
        { id: 'c', label: 'C', type: 'boolean' },
        { id: 'd', label: 'D', type: 'select', options: [{ value: 'x', label: 'X' }] },
      ]),
    );
    expect(parsed.fields.map((f) => f.type)).toEqual(['text', 'textarea', 'boolean', 'select']);
  });

  it('defaults a field without type to text and keeps unknown keys', () => {
    const parsed = humanInputRequestSchema.parse({
      ...request([{ id: 'a', label: 'A', hint: 'h' }]),
      extra: 1,
    });
    expect(parsed.fields[0]).toEqual({ id: 'a', label: 'A', type: 'text', hint: 'h' });
    expect(parsed).toHaveProperty('extra', 1);
  });

  it('rejects empty or duplicate ids and labels', () => {
    expect(ok(humanInputRequestSchema, request([{ id: '', label: 'A' }]))).toBe(false);
    expect(ok(humanInputRequestSchema, request([{ id: 'a', label: '' }]))).toBe(false);
    const dupId = humanInputRequestSchema.safeParse(
      request([
        { id: 'a', label: 'A' },
        { id: 'a', label: 'B' },
      ]),
    );
    expect(dupId.error?.issues.map((i) => i.path)).toEqual([['fields', 1, 'id']]);
    const dupLabel = humanInputRequestSchema.safeParse(
      request([
        { id: 'a', label: 'A' },
        { id: 'b', label: 'A' },
      ]),
    );
    expect(dupLabel.error?.issues.map((i) => i.path)).toEqual([['fields', 1, 'label']]);
  });

  it('rejects unknown field types', () => {
    expect(ok(humanInputRequestSchema, request([{ id: 'a', label: 'A', type: 'number' }]))).toBe(false);
  });

  it('allows options only on select, and each option needs a non-empty string value and label', () => {
    expect(
      ok(
        humanInputRequestSchema,
        request([{ id: 'a', label: 'A', type: 'text', options: [{ value: 'x', label: 'X' }] }]),
      ),
    ).toBe(false);
    expect(ok(humanInputRequestSchema, request([{ id: 'a', label: 'A', type: 'select' }]))).toBe(false);
    expect(ok(humanInputRequestSchema, request([{ id: 'a', label: 'A', type: 'select', options: [] }]))).toBe(
      false,
    );
    for (const option of [
      { value: '', label: 'X' },
      { value: 'x', label: '' },
      { value: 1, label: 'X' },
      { value: 'x' },
    ]) {
      expect(
        ok(humanInputRequestSchema, request([{ id: 'a', label: 'A', type: 'select', options: [option] }])),
        JSON.stringify(option),
      ).toBe(false);
    }
  });

  it('needs at least one field', () => {
    expect(ok(humanInputRequestSchema, request([]))).toBe(false);
  });

  it('takes any object as a response', () => {
    expect(ok(humanInputResponseSchema, { a: 'yes', b: true })).toBe(true);
    expect(ok(humanInputResponseSchema, 'yes')).toBe(false);
  });
});
