import { UnusablePriorityError } from '../errors.js';
import type { FeatureStatements } from './feature-statements.js';

/**
 * The highest priority plus one (1 in an empty backlog), as the Python app computes it for a new
 * feature and for a skipped one. A text or BLOB priority is the highest for SQLite's MAX and a
 * TypeError for the Python app's `+ 1`: refused, naming every such row, instead of silently
 * starting again at 1. `action` completes "Cannot …" in the message; `untouched` says what was not done.
 */
export function nextPriority(
  st: Pick<FeatureStatements, 'maxPriority' | 'unusablePriorities'>,
  action: string,
  untouched: string,
): number {
  const max = st.maxPriority.get();
  if (max === null) return 1;
  if (typeof max === 'number') return max + 1;
  const rows = st.unusablePriorities.all() as { id: string; type: string }[];
  const shown = rows.slice(0, 10).map((r) => `${r.id} (${r.type})`);
  if (rows.length > 10) shown.push(`and ${rows.length - 10} more`);
  throw new UnusablePriorityError(
    rows.map((r) => r.id),
    `Cannot ${action}: the priority of feature ${shown.join(', ')} is not a number (written by ` +
      'another tool), so the next priority, the highest plus one, cannot be computed; the Python ' +
      `app fails on it too. ${untouched} Give those features integer priorities, e.g. with sqlite3: ` +
      "SELECT id, priority FROM features WHERE typeof(priority) IN ('text', 'blob').",
  );
}
