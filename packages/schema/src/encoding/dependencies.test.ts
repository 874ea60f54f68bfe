import { describe, expect, it } from 'vitest';
import { normalizeDependencies, readDependencyEntries } from './dependencies.js';

describe('normalizeDependencies (docs/contracts.md#feature-results)', () => {
  it('keeps only integer entries, dropping floats (even 1.0), strings, booleans and nested values', () => {
    expect(normalizeDependencies('[1.0, 2, "x", true, [3]]')).toEqual([2]);
    expect(normalizeDependencies('[1e2, -4, 0, {"id": 5}, null, "7", 8]')).toEqual([-4, 0, 8]);
  });

  it('drops a float entry that JSON.parse reads as an integer, even when every entry reads so', () => {
    expect(normalizeDependencies('[1.0]')).toEqual([]);
    expect(normalizeDependencies('[1e2, 3E0, 4]')).toEqual([4]);
    expect(normalizeDependencies('[2, 10.00]')).toEqual([2]);
    expect(normalizeDependencies('[-0, 12, 7]')).toEqual([-0, 12, 7]);
  });

  it('reads NULL, empty, malformed and non-list values as no dependencies', () => {
    for (const raw of [null, undefined, '', '   ', '{}', 'null', '3', '"[1]"', '[1, 2', '{"a": [1]}']) {
      expect(normalizeDependencies(raw), JSON.stringify(raw)).toEqual([]);
    }
  });

  it('handles commas and brackets inside strings when splitting the list', () => {
    expect(normalizeDependencies('["a, 1", "]", 4, ["x, [5]"], "\\" , 6", 9]')).toEqual([4, 9]);
  });

  it('filters an already parsed array the same way', () => {
    expect(normalizeDependencies([1, 2.5, '3', 4])).toEqual([1, 4]);
  });

  it('leaves out ids beyond the safe integer range instead of rounding them into other ids', () => {
    const text = '[1, 9007199254740993, 9007199254740991, -9007199254740993, 9007199254740992]';
    expect(normalizeDependencies(text)).toEqual([1, 9007199254740991]);
    expect(readDependencyEntries(text)).toEqual({
      ids: [1, 9007199254740991],
      outOfRange: ['9007199254740993', '-9007199254740993', '9007199254740992'],
    });
    expect(readDependencyEntries([2, 2 ** 60])).toEqual({ ids: [2], outOfRange: [String(2 ** 60)] });
  });

  it('reads a BLOB holding the list as its text', () => {
    expect(normalizeDependencies(Buffer.from('[3, 4]'))).toEqual([3, 4]);
  });

  it('keeps order and duplicates as stored (the store sorts and deduplicates on write)', () => {
    expect(normalizeDependencies('[3, 1, 3]')).toEqual([3, 1, 3]);
  });
});
