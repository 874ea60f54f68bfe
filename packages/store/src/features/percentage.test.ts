import { describe, expect, it } from 'vitest';
import { completionPercentage } from './percentage.js';

describe('completionPercentage', () => {
  it.each([
    [0, 0, 0],
    [0, 7, 0],
    [7, 7, 100],
    [1, 3, 33.3],
    [2, 3, 66.7],
    // 1/16 = 6.25 exactly: Python rounds the tie to even.
    [1, 16, 6.2],
    [3, 16, 18.8],
    [1, 8, 12.5],
    [1999, 2000, 100],
    [1, 2000, 0.1],
  ])('%i of %i -> %d', (passing, total, expected) => {
    expect(completionPercentage(passing, total)).toBe(expected);
  });
});
