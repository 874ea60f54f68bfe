import { describe, expect, it } from 'vitest';
import { normalizeSteps, serializeFeature, type FeatureRowLike } from './serialization.js';

const rawRow = {
  id: 7,
  priority: 3,
  category: 'core',
  name: 'Login',
  description: 'Users log in',
  steps: '["Open page", "Submit"]',
  passes: 1,
  in_progress: 0,
  dependencies: '[2, 1.0, "3"]',
  needs_human_input: null,
  human_input_request: '{"prompt": "p", "fields": []}',
  human_input_response: null,
};

describe('serializeFeature (docs/contracts.md#feature-results)', () => {
  it('returns exactly the contract keys, in order', () => {
    expect(Object.keys(serializeFeature(rawRow))).toEqual([
      'id',
      'priority',
      'category',
      'name',
      'description',
      'steps',
      'passes',
      'in_progress',
      'dependencies',
      'needs_human_input',
      'human_input_request',
      'human_input_response',
    ]);
  });

  it('serializes a raw SQLite row: 0/1/NULL booleans, JSON text, normalised dependencies', () => {
    expect(serializeFeature(rawRow)).toEqual({
      id: 7,
      priority: 3,
      category: 'core',
      name: 'Login',
      description: 'Users log in',
      steps: ['Open page', 'Submit'],
      passes: true,
      in_progress: false,
      dependencies: [2],
      needs_human_input: false,
      human_input_request: { prompt: 'p', fields: [] },
      human_input_response: null,
    });
  });

  it('serializes a drizzle row (camelCase keys, parsed JSON, null booleans) the same way', () => {
    const drizzleRow = {
      ...rawRow,
      steps: ['Open page', 'Submit'],
      passes: true,
      inProgress: null,
      dependencies: [2],
      needsHumanInput: null,
      humanInputRequest: { prompt: 'p', fields: [] },
      humanInputResponse: null,
    };
    expect(serializeFeature(drizzleRow)).toEqual(serializeFeature(rawRow));
  });

  it('reads malformed JSON cells as if NULL', () => {
    const f = serializeFeature({
      ...(rawRow as FeatureRowLike),
      steps: '["x"',
      dependencies: '[1,',
      human_input_request: '{',
      human_input_response: '',
    });
    expect(f.steps).toEqual([]);
    expect(f.dependencies).toEqual([]);
    expect(f.human_input_request).toBeNull();
    expect(f.human_input_response).toBeNull();
  });

  it('reads the JSON text "null" as null', () => {
    expect(serializeFeature({ ...rawRow, human_input_request: 'null' }).human_input_request).toBeNull();
  });
});

describe('normalizeSteps', () => {
  it('keeps string steps and renders other entries as JSON text', () => {
    expect(normalizeSteps('["a", 1, {"b": 2}]')).toEqual(['a', '1', '{"b":2}']);
    expect(normalizeSteps('{"a": 1}')).toEqual([]);
    expect(normalizeSteps(null)).toEqual([]);
  });
});

describe('serializeFeature over values another program stored', () => {
  it('never throws, and gives text columns as strings and JSON columns parsed', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const f = serializeFeature({
      ...(rawRow as FeatureRowLike),
      category: Buffer.from('blob category'),
      name: Buffer.from([0xff, 0x00]),
      description: 42 as unknown as string,
      steps: Buffer.from('["from a blob"]'),
      dependencies: Buffer.from('[4, 9007199254740993]'),
      human_input_request: `{"deep": ${deep}}`,
      human_input_response: Buffer.from([0xc3]),
    } as unknown as FeatureRowLike);
    expect(f).toMatchObject({
      category: 'blob category',
      name: "x'ff00'",
      description: '42',
      steps: ['from a blob'],
      dependencies: [4],
      human_input_request: null,
      human_input_response: null,
    });
    expect(() => JSON.stringify(f)).not.toThrow();
  });
});
