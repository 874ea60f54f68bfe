import { NotFoundError } from '@forgedb/db-core';
import { normalizeDependencies, serializeFeature, stringifyPythonStyle } from '@forgedb/schema';
import type { FeaturesAdapter } from '../adapter.js';
import { checkDependencyList, nextDependencies } from '../features/dependency-rules.js';
import type { FeatureContext } from './feature-context.js';

/** Dependency lists are stored sorted, Python-style (`[1, 3]`); an empty list is stored as NULL. */
export const storedDependencies = (ids: readonly number[]): string | null =>
  ids.length === 0 ? null : stringifyPythonStyle([...ids].sort((a, b) => a - b));

/** The current list, the rules and the write, in one write transaction. */
export function featureDependencies({
  st,
  snapshots,
  write,
}: FeatureContext): Pick<FeaturesAdapter, 'changeDependencies'> {
  return {
    changeDependencies(id, change) {
      return write(() => {
        const snapshot = snapshots.get();
        // A row left out of the queue (its list names an id beyond 2^53) is still a feature, and
        // setting its dependencies is how it is repaired.
        const dependenciesOf = (f: number): readonly number[] | undefined => {
          const queued = snapshot.rowOf(f);
          if (queued) return queued.dependencies;
          const row = st.byId.get(f);
          return row ? normalizeDependencies(row.dependencies) : undefined;
        };
        const current = dependenciesOf(id);
        if (!current) throw new NotFoundError('feature', id);
        const list = nextDependencies(id, current, change);
        checkDependencyList(id, list, (d) => dependenciesOf(d) !== undefined, dependenciesOf);
        return serializeFeature(st.setDependencies.get({ id, dependencies: storedDependencies(list) })!);
      });
    },
  };
}
