import { describe, expect, it } from 'vitest';
import type { CellRow } from './cell.js';
import { decodeRow, encodeRow, type UnsafeInteger } from './codec.js';
import { COPY_TABLES } from './tables.js';

const features = COPY_TABLES.find((t) => t.name === 'features')!;
const text = (value: string) => ({ type: 'text', value }) as const;
const integer = (value: string) => ({ type: 'integer', value }) as const;

describe('the per-column encoding of a SQLite row on PostgreSQL', () => {
  it('keeps a cell verbatim exactly when its native value would not encode back to it', () => {
    const row: CellRow = {
      id: integer('1'),
      steps: text('["a", "b"]'),
      human_input_request: text('{"b": 1, "a": 2}'),
      human_input_response: text('{oops'),
      claimed_at: text('2024-01-02 03:04:05.123456'),
      lease_expires_at: text('2024-01-02 03:04:05'),
      dependencies: text('[2, 2, 1.0]'),
      passes: integer('2'),
      testing_in_progress: integer('1'),
    };
    const unsafe: UnsafeInteger[] = [];
    const image = encodeRow(features, row, unsafe);
    expect(image.values).toMatchObject({
      steps: '["a","b"]',
      human_input_request: '{"a":2,"b":1}',
      human_input_response: null,
      claimed_at: '2024-01-02 03:04:05.123456',
      lease_expires_at: '2024-01-02 03:04:05.000000',
      dependencies: '[2, 2, 1.0]',
      passes: true,
    });
    // jsonb orders keys; the stored text comes back only from its verbatim cell.
    expect(Object.keys(image.extra.verbatim ?? {}).sort()).toEqual([
      'human_input_request',
      'human_input_response',
      'lease_expires_at',
      'passes',
    ]);
    expect(image.extra.columns).toEqual({ testing_in_progress: integer('1') });
    expect(unsafe).toEqual([]);
  });

  it('decodes the image back to the same cells', () => {
    const row: CellRow = {
      id: integer('7'),
      steps: text('[1, {"k": null}]'),
      human_input_request: { type: 'null' },
      description: { type: 'blob', base64: 'AP8Q' },
      claimed_at: text('2024-01-02T03:04:05Z'),
      reviewer: { type: 'real', value: '1.5' },
    };
    const image = encodeRow(features, row, []);
    const asText = Object.fromEntries(
      Object.entries(image.values).map(([k, v]) => [
        k,
        v === null ? null : v === true ? 't' : v === false ? 'f' : v,
      ]),
    );
    const back = decodeRow(features, asText, JSON.parse(JSON.stringify(image.extra)) as typeof image.extra);
    for (const [column, cell] of Object.entries(row)) expect(back[column]).toEqual(cell);
  });

  it('names every integer beyond the safe range', () => {
    const unsafe: UnsafeInteger[] = [];
    encodeRow(features, { id: integer('9007199254740993'), priority: integer('-9007199254740993') }, unsafe);
    expect(unsafe).toEqual([
      { table: 'features', rowId: '9007199254740993', column: 'id', value: '9007199254740993' },
      { table: 'features', rowId: '9007199254740993', column: 'priority', value: '-9007199254740993' },
    ]);
  });
});
