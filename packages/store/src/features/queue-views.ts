import type { GraphNodeStatus } from '../api.js';

/** The part of a feature that queue decisions (ready, blocked, graph, claimNext) depend on. */
export interface QueueRow {
  id: number;
  priority: number;
  dependencies: readonly number[];
  passes: boolean;
  inProgress: boolean;
  needsHumanInput: boolean;
  leaseExpiresAt: string | null;
}

/**
 * What the queue views read: every row of the queue, and the same rows in ready order. Each
 * adapter builds one in its own way (SQLite: a snapshot cached per connection, src/features/queue-snapshot.ts, fed by src/sqlite/change-log.ts).
 */
export interface QueueSnapshot<R extends QueueRow = QueueRow> {
  /** In id order. */
  rows: readonly R[];
  /** Every row in ready order (score desc, priority, id), whatever its status. */
  readonly ranked: readonly R[];
  passing: ReadonlySet<number>;
  /**
   * The first `limit` rows in ready order that `keep` accepts and, when `counted`, how many it
   * accepts in all (else `total` counts no further than needed), found without walking the whole
   * order; null when this snapshot cannot (then the views walk `ranked`). `keep` must reject every
   * row that passes, waits for a person or has a dependency that does not pass: the snapshot may
   * never show it such rows.
   */
  firstRanked?(limit: number, keep: (r: R) => boolean, counted: boolean): { rows: R[]; total: number } | null;
}

/** All dependencies passing; a dependency on a feature that does not exist is never satisfied. */
export function dependenciesSatisfied(row: QueueRow, passing: ReadonlySet<number>): boolean {
  return row.dependencies.every((d) => passing.has(d));
}

const claimable = (r: QueueRow, passing: ReadonlySet<number>, expiredBefore: string | undefined) =>
  !r.passes &&
  !r.needsHumanInput &&
  (!r.inProgress ||
    (expiredBefore !== undefined && r.leaseExpiresAt !== null && r.leaseExpiresAt <= expiredBefore)) &&
  dependenciesSatisfied(r, passing);

/**
 * Features that can be claimed, best first: not passing, not waiting for a person, every
 * dependency passing, and idle. Returns the first `limit` and how many there are in all.
 */
export function readyRows<R extends QueueRow>(
  snapshot: QueueSnapshot<R>,
  limit: number,
): { rows: R[]; total: number } {
  const selected = snapshot.firstRanked?.(limit, (r) => claimable(r, snapshot.passing, undefined), true);
  if (selected) return selected;
  const rows: R[] = [];
  let total = 0;
  for (const r of snapshot.ranked) {
    if (!claimable(r, snapshot.passing, undefined)) continue;
    total++;
    if (rows.length < limit) rows.push(r);
  }
  return { rows, total };
}

/** The best row to claim next: ready, or held by a lease that expired at or before `now`. */
export function bestReadyRow<R extends QueueRow>(snapshot: QueueSnapshot<R>, now: string): R | null {
  const keep = (r: R) => claimable(r, snapshot.passing, now);
  const selected = snapshot.firstRanked?.(1, keep, false);
  if (selected) return selected.rows[0] ?? null;
  return snapshot.ranked.find(keep) ?? null;
}

export function blockedRows<R extends QueueRow>(
  snapshot: QueueSnapshot<R>,
): { row: R; blockedBy: number[] }[] {
  const out: { row: R; blockedBy: number[] }[] = [];
  for (const row of snapshot.rows) {
    if (row.passes) continue;
    const blockedBy = row.dependencies.filter((d) => !snapshot.passing.has(d));
    if (blockedBy.length > 0) out.push({ row, blockedBy });
  }
  return out;
}

export function graphStatus(row: QueueRow, snapshot: QueueSnapshot): GraphNodeStatus {
  if (row.passes) return 'done';
  if (row.needsHumanInput) return 'needs_human_input';
  if (!dependenciesSatisfied(row, snapshot.passing)) return 'blocked';
  if (row.inProgress) return 'in_progress';
  return 'pending';
}
