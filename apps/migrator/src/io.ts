/**
 * Where a command writes. stdout carries the result (one JSON document under --json); stderr
 * carries messages and progress, so piping stdout never captures a progress bar.
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal: progress bars are drawn. */
  interactive: boolean;
  columns: number;
}

export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
    columns: process.stderr.columns || 80,
  };
}

/** Prints the single JSON document of a `--json` run. */
export function printJson(io: Io, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}
