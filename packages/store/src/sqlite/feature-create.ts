import { stringifyPythonStyle, type FeatureDict } from '@forgedb/schema';
import type { FeaturesAdapter } from '../adapter.js';
import type { FeatureBulkItem } from '../api.js';
import { UnsafeIdError, UnusablePriorityError } from '../errors.js';
import type { FeatureContext } from './feature-context.js';

const unsafeId = () =>
  new UnsafeIdError(
    [],
    `Cannot create a feature: feature ids already reach ${Number.MAX_SAFE_INTEGER}, the largest a ` +
      'JavaScript number holds exactly, so the next id would be beyond it. Nothing was created. ' +
      'Renumber the features with the highest ids (e.g. with sqlite3) and retry.',
  );

const unusablePriority = (ids: string[], shown: string): never => {
  throw new UnusablePriorityError(
    ids,
    `Cannot create a feature: the priority of feature ${shown} is not a number (written by another ` +
      'tool), so the next priority, the highest plus one, cannot be computed; the Python app fails ' +
      'on it too. Nothing was created. Give those features integer priorities, e.g. with sqlite3: ' +
      "SELECT id, priority FROM features WHERE typeof(priority) IN ('text', 'blob').",
  );
};

/** New features at the end of the backlog (priority max + 1), a batch in one write transaction. */
export function featureCreate({ st, write }: FeatureContext): Pick<FeaturesAdapter, 'create' | 'createBulk'> {
  /**
   * The highest priority plus one (1 in an empty backlog), as the Python app computes it. A text or
   * BLOB priority is the highest for SQLite's MAX and a TypeError for the Python app's `+ 1`:
   * refused, naming every such row, instead of silently starting again at 1.
   */
  const nextPriority = (): number => {
    const max = st.maxPriority.get();
    if (max === null) return 1;
    if (typeof max === 'number') return max + 1;
    const rows = st.unusablePriorities.all() as { id: string; type: string }[];
    const shown = rows.slice(0, 10).map((r) => `${r.id} (${r.type})`);
    if (rows.length > 10) shown.push(`and ${rows.length - 10} more`);
    return unusablePriority(
      rows.map((r) => r.id),
      shown.join(', '),
    );
  };
  /**
   * Inserts the items in order, inside the caller's write transaction. Ids are SQLite's own choice,
   * max + 1, taken over the safe ids only and fixed once under the write lock: each row inserted is
   * the new maximum, so the k-th item gets first + k. Refused once an id would leave the safe ids.
   *
   * The dicts are built from the validated values bound to the insert rather than read back: the
   * columns not bound (human input, claims) have no default, so the row holds exactly these
   * values, and a storable string comes back from SQLite as it went in.
   */
  const insertAll = (items: readonly FeatureBulkItem[]): FeatureDict[] => {
    let priority = nextPriority();
    const firstId = st.nextSafeId.get() as number;
    return items.map((item, k): FeatureDict => {
      const id = firstId + k;
      if (!Number.isSafeInteger(id)) throw unsafeId();
      const dependencies = (item.depends_on_indices ?? [])
        .map((index) => firstId + index)
        .sort((a, b) => a - b);
      st.insertWithId.run(
        id,
        priority,
        item.category,
        item.name,
        item.description,
        stringifyPythonStyle(item.steps),
        dependencies.length === 0 ? null : stringifyPythonStyle(dependencies),
      );
      return {
        id,
        priority: priority++,
        category: item.category,
        name: item.name,
        description: item.description,
        steps: item.steps,
        passes: false,
        in_progress: false,
        dependencies,
        needs_human_input: false,
        human_input_request: null,
        human_input_response: null,
      };
    });
  };

  return {
    // One item is a batch of one: no row is read back after its insert.
    create(item) {
      return write(() => insertAll([item])[0]!);
    },

    createBulk(items) {
      return write(() => {
        const features = insertAll(items);
        return { created: features.length, features };
      });
    },
  };
}
