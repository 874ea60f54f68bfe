import { serializeFeature, stringifyPythonStyle } from '@forgedb/schema';
import type { FeaturesAdapter } from '../adapter.js';
import type { FeatureBulkItem } from '../api.js';
import { UnsafeIdError } from '../errors.js';
import type { FeatureContext } from './feature-context.js';
import { storedDependencies } from './feature-dependencies.js';
import type { RawFeatureRow } from './feature-statements.js';

/** New features at the end of the backlog (priority max + 1), a batch in one write transaction. */
export function featureCreate({ st, write }: FeatureContext): Pick<FeaturesAdapter, 'create' | 'createBulk'> {
  /** Inserts one feature; its id is max + 1 over the safe ids, refused once that would leave them. */
  const insert = (item: FeatureBulkItem, priority: number, dependencies: string | null): RawFeatureRow => {
    const created = st.insert.get({
      priority,
      category: item.category,
      name: item.name,
      description: item.description,
      steps: stringifyPythonStyle(item.steps),
      dependencies,
    }) as RawFeatureRow;
    if (!Number.isSafeInteger(created.id)) {
      throw new UnsafeIdError(
        [],
        `Cannot create a feature: feature ids already reach ${Number.MAX_SAFE_INTEGER}, the largest a ` +
          'JavaScript number holds exactly, so the next id would be beyond it. Nothing was created. ' +
          'Renumber the features with the highest ids (e.g. with sqlite3) and retry.',
      );
    }
    return created;
  };

  return {
    create(item) {
      return write(() => serializeFeature(insert(item, st.nextPriority.get() as number, null)));
    },

    createBulk(items) {
      return write(() => {
        let priority = st.nextPriority.get() as number;
        const ids: number[] = [];
        const features = items.map((item) => {
          const dependencies = storedDependencies(
            (item.depends_on_indices ?? []).map((index) => ids[index]!),
          );
          const created = insert(item, priority++, dependencies);
          ids.push(created.id);
          return serializeFeature(created);
        });
        return { created: features.length, features };
      });
    },
  };
}
