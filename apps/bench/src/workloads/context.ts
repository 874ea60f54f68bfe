import type { ChildOutcome } from '../child.js';
import type { Figure } from '../report.js';

export interface BenchContext {
  /** Temp directory for this run; removed at the end. */
  root: string;
  seed: number;
  /** Scales a nominal row count (FORGEDB_BENCH_SCALE). */
  size: (nominal: number) => number;
  add: (figure: Figure) => void;
  runChild: <R>(task: string, params: unknown) => Promise<ChildOutcome<R>>;
  /** One process per params, their timed work started together. */
  runTogether: <R>(task: string, paramsList: unknown[]) => Promise<ChildOutcome<R>[]>;
  log: (message: string) => void;
}

export interface Workload {
  name: string;
  description: string;
  run: (ctx: BenchContext) => Promise<void>;
}

/** `25000` -> `25k` for figure names. */
export function rows(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}
