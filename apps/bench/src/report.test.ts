import { describe, expect, it } from 'vitest';
import { RAW_PG, RAW_SQLITE, figure, formatTable } from './report.js';

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

  it("names each figure's baseline, in the JSON and in the table: raw better-sqlite3 unless told", () => {
    const sqlite = figure('get(id) on 10k: p50', 0.02, 'ms', 0.015);
    const pg = figure('pg get(id) on 10k: p50', 0.3, 'ms', 0.25, undefined, RAW_PG);
    expect(sqlite.baselineName).toBe(RAW_SQLITE);
    expect(pg.baselineName).toBe('raw pg');
    expect(JSON.parse(JSON.stringify(pg))).toMatchObject({ baseline: 0.25, baselineName: 'raw pg' });

    const lines = formatTable([sqlite, pg]).split('\n');
    expect(lines[0]).toMatch(/\| baseline +\| baseline is +\|/);
    expect(lines[0]).not.toMatch(/raw better-sqlite3|raw pg/);
    expect(lines[2]).toMatch(/\| get\(id\) on 10k: p50 .*\| 0\.015 ms .*\| raw better-sqlite3 .*\| 1\.33/);
    expect(lines[3]).toMatch(/\| pg get\(id\) on 10k: p50 .*\| 0\.25 ms .*\| raw pg .*\| 1\.2 /);
  });
});
