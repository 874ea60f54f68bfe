/** A feature's queue columns as the queue reads them: id, priority, dependencies as text, passes, in_progress, needs_human_input, lease_expires_at. */
export type RawQueueRow = [
  number,
  number,
  string | null,
  number | null,
  number | null,
  number | null,
  string | null,
];

/** Where a reader stands in a change log; two positions are compared by `ChangeFeed.changedSince`. */
export interface FeedPosition {
  /** The log's last sequence number. */
  seq: number;
  /** The feature id logged at `seq`, or null when the log holds no entry there. */
  lastId: number | null;
  /** The database's lease epoch: a restore starts a new one. */
  epoch: string;
  /** The schema version: a schema change (a trigger dropped and created again) breaks the chain. */
  schemaVersion: number;
}

/**
 * A log of the features whose queue columns changed, filled by the database itself for every
 * writer (docs/decisions/0012-change-log.md). Both methods read inside the caller's transaction.
 */
export interface ChangeFeed {
  /** The current position for the log's last sequence number `seq`, or null when the log cannot be trusted now. */
  position(seq: number): FeedPosition | null;
  /**
   * The ids (distinct, each a safe integer) of the features changed between two positions, or null
   * when the log cannot tell exactly: another epoch or schema, a sequence that went backwards, an
   * entry pruned or removed in between, or more than `limit` entries.
   */
  changedSince(from: FeedPosition, to: FeedPosition, limit: number): number[] | null;
}

/** What the queue snapshot reads. */
export interface QueueSource {
  /** `data_version`, `total_changes()` and the change log's last sequence number (-1 when unknown). */
  versions(): readonly [number, number, number];
  /** Every queued row, in id order. */
  allRows(): RawQueueRow[];
  /** The rows with these ids that exist, in id order. */
  rowsById(ids: readonly number[]): RawQueueRow[];
  /** Null when the incremental path is switched off. */
  feed: ChangeFeed | null;
  /** True inside a transaction the caller began (what is read there may still be rolled back). */
  insideCallersTransaction(): boolean;
}

/**
 * `rows` (in id order) with every row whose id is in `changed` replaced by its row in `fresh` (in
 * id order), or removed when `fresh` has none.
 */
export function mergeRows(
  rows: readonly RawQueueRow[],
  changed: ReadonlySet<number>,
  fresh: readonly RawQueueRow[],
): RawQueueRow[] {
  const merged: RawQueueRow[] = [];
  let k = 0;
  for (const r of rows) {
    while (k < fresh.length && fresh[k]![0] < r[0]) merged.push(fresh[k++]!);
    if (!changed.has(r[0])) merged.push(r);
  }
  while (k < fresh.length) merged.push(fresh[k++]!);
  return merged;
}
