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

/**
 * A stream whose reader has gone (`forgedb … | head`) takes no more text. Without this, the
 * EPIPE of the next write surfaces as an unhandled 'error' event with a stack trace; with it,
 * the command finishes what it was doing and exits with its own code.
 */
function closedPipeAware(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

let writers: Pick<Io, 'out' | 'err'> | undefined;

export function processIo(): Io {
  // One listener per stream, however often a process runs main().
  writers ??= { out: closedPipeAware(process.stdout), err: closedPipeAware(process.stderr) };
  return {
    ...writers,
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
    columns: process.stderr.columns || 80,
  };
}

/**
 * A `--json` document: every one says whether the command succeeded (docs/cli.md#output), so a
 * script checks `ok` before it reads anything else, whichever command printed it.
 */
export interface JsonDocument {
  ok: boolean;
  [field: string]: unknown;
}

/** Prints the single JSON document of a `--json` run. */
export function printJson(io: Io, document: JsonDocument): void {
  io.out(`${JSON.stringify(document, null, 2)}\n`);
}
