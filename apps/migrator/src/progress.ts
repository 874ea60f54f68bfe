import type { Io } from './io.js';

export interface Progress {
  update(done: number, total: number, detail?: string): void;
  /** Clears the bar; call before printing anything else. */
  stop(): void;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };
const REDRAW_MS = 80;

/** A one-line progress bar on stderr, drawn only when stderr is a terminal; silent otherwise. */
export function progressBar(io: Io, label: string): Progress {
  if (!io.interactive) return silent;
  let last = 0;
  let drawn = false;
  return {
    update(done, total, detail) {
      const now = Date.now();
      if (done < total && now - last < REDRAW_MS) return;
      last = now;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const width = Math.max(10, Math.min(30, io.columns - label.length - 30));
      const filled = Math.round(ratio * width);
      const text = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%${detail ? ` ${detail}` : ''}`;
      io.err(`\r\x1b[K${text.slice(0, io.columns - 1)}`);
      drawn = true;
    },
    stop() {
      if (drawn) io.err('\r\x1b[K');
      drawn = false;
    },
  };
}
