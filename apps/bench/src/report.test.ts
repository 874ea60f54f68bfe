import { describe, expect, it } from 'vitest';
import { figure, formatTable } from './report.js';

describe('figures', () => {
  it('computes the ratio against the raw baseline and judges targets', () => {
    expect(figure('get', 13, 'ms', 10, { kind: 'ratio-max', max: 1.3 })).toMatchObject({
      ratio: 1.3,
      met: true,
    });
    expect(figure('get', 14, 'ms', 10, { kind: 'ratio-max', max: 1.3 })).toMatchObject({
      ratio: 1.4,
      met: false,
    });
    expect(figure('ready', 4.9, 'ms', 70, { kind: 'value-max', max: 5 })).toMatchObject({
      met: true,
      target: '< 5 ms',
    });
    expect(figure('rss', 200, 'MB', 100, { kind: 'value-max', max: 200 }).met).toBe(false);
    expect(figure('x', 1, 'ms', 2)).not.toHaveProperty('met');
  });

  it('prints one table row per figure', () => {
    const table = formatTable([
      figure('a', 1, 'ms', 2),
      figure('b', 3, 'MB', 3, { kind: 'value-max', max: 2 }),
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/\| b .*\| 3 MB .*\| 1 .*\| < 2 MB .*\| NO /);
  });
});
