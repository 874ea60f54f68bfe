import type { GraphNodeStatus } from '../api.js';
import { dependenciesSatisfied, type QueueRow, type QueueSnapshot } from '../sqlite/queue-snapshot.js';

const claimable = (r: QueueRow, snapshot: QueueSnapshot, expiredBefore: string | undefined) =>
  !r.passes &&
  !r.needsHumanInput &&
  (!r.inProgress ||
    (expiredBefore !== undefined && r.leaseExpiresAt !== null && r.leaseExpiresAt <= expiredBefore)) &&
  dependenciesSatisfied(r, snapshot.passing);

/**
 * Features that can be claimed, best first: not passing, not waiting for a person, every
 * dependency passing, and idle. Returns the first `limit` and how many there are in all.
 */
export function readyRows(snapshot: QueueSnapshot, limit: number): { rows: QueueRow[]; total: number } {
  const rows: QueueRow[] = [];
  let total = 0;
  for (const r of snapshot.ranked) {
    if (!claimable(r, snapshot, undefined)) continue;
    total++;
    if (rows.length < limit) rows.push(r);
  }
  return { rows, total };
}

/** The best row to claim next: ready, or held by a lease that expired at or before `now`. */
export function bestReadyRow(snapshot: QueueSnapshot, now: string): QueueRow | null {
  return snapshot.ranked.find((r) => claimable(r, snapshot, now)) ?? null;
}

export function blockedRows(snapshot: QueueSnapshot): { row: QueueRow; blockedBy: number[] }[] {
  const out: { row: QueueRow; blockedBy: number[] }[] = [];
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
