import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The baseline of the SQLite figures: the same operation written with raw better-sqlite3. */
export const RAW_SQLITE = 'raw better-sqlite3';
/** The baseline of the PostgreSQL figures: the same operation written as raw `pg` statements. */
export const RAW_PG = 'raw pg';

/**
 * One measured figure beside its baseline, measured in the same run: by default the same operation
 * written with raw better-sqlite3, named in `baselineName`. `ratio` is value / baseline: for times
 * and memory lower is better, for throughput higher is.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  /** What the baseline is (`RAW_SQLITE`, `RAW_PG`, or another side the figure's name describes). */
  baselineName: string;
  ratio: number;
  /** Optional target, shown in the table: e.g. `ratio<=1.3` or `value<5`. */
  target?: string;
  met?: boolean;
}

export type Target =
  | { kind: 'ratio-max'; max: number }
  | { kind: 'ratio-min'; min: number }
  | { kind: 'value-max'; max: number };

function round(n: number): number {
  if (!Number.isFinite(n)) return n;
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 4;
  return Number(n.toFixed(digits));
}

export function figure(
  name: string,
  value: number,
  unit: string,
  baseline: number,
  target?: Target,
  baselineName: string = RAW_SQLITE,
): Figure {
  const f: Figure = {
    name,
    value: round(value),
    unit,
    baseline: round(baseline),
    baselineName,
    ratio: round(baseline === 0 ? NaN : value / baseline),
  };
  if (target) {
    switch (target.kind) {
      case 'ratio-max':
        f.target = `ratio <= ${target.max}`;
        f.met = value / baseline <= target.max;
        break;
      case 'ratio-min':
        f.target = `ratio >= ${target.min}`;
        f.met = value / baseline >= target.min;
        break;
      case 'value-max':
        f.target = `< ${target.max} ${unit}`;
        f.met = value < target.max;
        break;
    }
  }
  return f;
}

export class Reporter {
  readonly figures: Figure[] = [];

  constructor(private readonly resultsFile: string) {
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, '');
  }

  /** Streams each figure as it is measured, so a long run shows progress and a crash keeps what was done. */
  add(f: Figure): void {
    this.figures.push(f);
    const line = JSON.stringify(f);
    process.stdout.write(`${line}\n`);
    appendFileSync(this.resultsFile, `${line}\n`);
  }
}

export function formatTable(figures: readonly Figure[]): string {
  const header = ['figure', 'forgedb', 'baseline', 'baseline is', 'ratio', 'target', 'met'];
  const rows = figures.map((f) => [
    f.name,
    `${f.value} ${f.unit}`,
    `${f.baseline} ${f.unit}`,
    f.baselineName,
    String(f.ratio),
    f.target ?? '',
    f.met === undefined ? '' : f.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
