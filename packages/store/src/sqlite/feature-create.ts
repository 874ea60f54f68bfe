import { stringifyPythonStyle, type FeatureDict } from '@forgedb/schema';
import type { FeaturesAdapter } from '../adapter.js';
import type { FeatureBulkItem } from '../api.js';
import { UnsafeIdError } from '../errors.js';
import type { FeatureContext } from './feature-context.js';
import { nextPriority } from './next-priority.js';

const unsafeId = () =>
  new UnsafeIdError(
    [],
    `Cannot create a feature: feature ids already reach ${Number.MAX_SAFE_INTEGER}, the largest a ` +
      'JavaScript number holds exactly, so the next id would be beyond it. Nothing was created. ' +
      'Renumber the features with the highest ids (e.g. with sqlite3) and retry.',
  );

/** New features at the end of the backlog (priority max + 1), a batch in one write transaction. */
export function featureCreate({ st, write }: FeatureContext): Pick<FeaturesAdapter, 'create' | 'createBulk'> {
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
    let priority = nextPriority(st, 'create a feature', 'Nothing was created.');
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
