import { describe, expect, it } from 'vitest';
import {
  JSON_MAX_DEPTH,
  jsonTextTooDeep,
  jsonValueTooDeep,
  parseJsonLenient,
  stringifyPythonStyle,
} from './json-text.js';

describe('parseJsonLenient', () => {
  it('parses valid JSON text', () => {
    expect(parseJsonLenient('[1, 3]')).toEqual([1, 3]);
    expect(parseJsonLenient('{"a": [true, null]}')).toEqual({ a: [true, null] });
    expect(parseJsonLenient('null')).toBeNull();
  });

  it('reads malformed or empty text as null and never throws', () => {
    for (const bad of ['', '   ', '[1, 2', '{oops}', 'undefined', "['single']", 'NaN', '\u0000']) {
      expect(() => parseJsonLenient(bad)).not.toThrow();
      expect(parseJsonLenient(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('passes through values that are not text, with undefined as null', () => {
    expect(parseJsonLenient(null)).toBeNull();
    expect(parseJsonLenient(undefined)).toBeNull();
    expect(parseJsonLenient([1])).toEqual([1]);
  });
});

describe('JSON nested deeper than SQLite accepts', () => {
  const arrays = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it('is read as malformed beyond 1000 levels, SQLite’s own limit, without overflowing the stack', () => {
    expect(JSON_MAX_DEPTH).toBe(1000);
    expect(parseJsonLenient(arrays(1000))).not.toBeNull();
    for (const n of [1001, 5000, 200_000]) {
      expect(parseJsonLenient(arrays(n)), String(n)).toBeNull();
      expect(parseJsonLenient(`{"a": ${arrays(n)}}`)).toBeNull();
    }
  });

  it('counts only brackets outside strings', () => {
    const text = `["${'['.repeat(3000)}"]`;
    expect(jsonTextTooDeep(text)).toBe(false);
    expect(parseJsonLenient(text)).toEqual(['['.repeat(3000)]);
  });

  it('measures parsed values the same way, iteratively', () => {
    expect(jsonValueTooDeep(JSON.parse(arrays(1000)))).toBe(false);
    expect(jsonValueTooDeep(JSON.parse(arrays(1001)))).toBe(true);
    expect(jsonValueTooDeep({ a: [{ b: JSON.parse(arrays(998)) as unknown }] })).toBe(true);
    expect(jsonValueTooDeep('text')).toBe(false);
    expect(jsonValueTooDeep(JSON.parse(arrays(200_000)))).toBe(true);
  });
});

describe('parseJsonLenient on BLOBs', () => {
  it('parses a BLOB holding UTF-8 JSON and reads any other BLOB as null', () => {
    expect(parseJsonLenient(Buffer.from('{"a": [1]}'))).toEqual({ a: [1] });
    expect(parseJsonLenient(Buffer.from([0xff]))).toBeNull();
  });
});

describe('stringifyPythonStyle', () => {
  it("uses json.dumps' default separators", () => {
    expect(stringifyPythonStyle([1, 3])).toBe('[1, 3]');
    expect(stringifyPythonStyle(['Step one', 'Step "two"'])).toBe('["Step one", "Step \\"two\\""]');
    expect(stringifyPythonStyle({ prompt: 'Pick', fields: [{ id: 'a', label: 'A' }] })).toBe(
      '{"prompt": "Pick", "fields": [{"id": "a", "label": "A"}]}',
    );
    expect(stringifyPythonStyle([])).toBe('[]');
    expect(stringifyPythonStyle({})).toBe('{}');
    expect(stringifyPythonStyle(null)).toBe('null');
  });

  it('drops undefined object members like JSON.stringify does', () => {
    expect(stringifyPythonStyle({ a: 1, b: undefined })).toBe('{"a": 1}');
  });

  it('produces text JSON.parse reads back to the same value', () => {
    const value = { x: [1, 2.5, 'a, b: c', { y: null }], z: false };
    expect(JSON.parse(stringifyPythonStyle(value))).toEqual(value);
  });
});
