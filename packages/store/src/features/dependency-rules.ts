import { ConflictError, NotFoundError, ValidationError } from '@forgedb/db-core';
import { LIMITS } from '@forgedb/schema';

/**
 * Would making `featureId` depend on `dependsOn` close a cycle? Walks the dependency lists from
 * `dependsOn` depth-first, as the Python app does; reaching `featureId` is a cycle, and so is a
 * walk deeper than 50 (a chain that long is refused rather than followed).
 */
export function wouldCreateCycle(
  dependenciesOf: (id: number) => readonly number[] | undefined,
  featureId: number,
  dependsOn: number,
): boolean {
  if (featureId === dependsOn) return true;
  const visited = new Set<number>();
  const reaches = (current: number, depth: number): boolean => {
    if (depth > LIMITS.cycleWalkDepth) return true;
    if (current === featureId) return true;
    if (visited.has(current)) return false;
    visited.add(current);
    for (const next of dependenciesOf(current) ?? []) {
      if (reaches(next, depth + 1)) return true;
    }
    return false;
  };
  return reaches(dependsOn, 0);
}

/**
 * Checks a feature's complete new dependency list: no self-dependency, no duplicates, at most
 * 20, every id an existing feature, no cycle. Throws the first problem as a typed error.
 */
export function checkDependencyList(
  featureId: number,
  list: readonly number[],
  exists: (id: number) => boolean,
  dependenciesOf: (id: number) => readonly number[] | undefined,
): void {
  if (list.length > LIMITS.dependenciesMax) {
    throw new ValidationError(
      'input',
      `Feature ${featureId} would have ${list.length} dependencies; at most ${LIMITS.dependenciesMax} are allowed.`,
      [{ path: 'dependencies', message: `at most ${LIMITS.dependenciesMax}` }],
    );
  }
  const seen = new Set<number>();
  for (const dep of list) {
    if (dep === featureId) {
      throw new ValidationError('input', `Feature ${featureId} cannot depend on itself.`, [
        { path: 'dependencies', message: 'self-dependency' },
      ]);
    }
    if (seen.has(dep)) {
      throw new ValidationError('input', `Feature ${featureId} lists dependency ${dep} twice.`, [
        { path: 'dependencies', message: `duplicate ${dep}` },
      ]);
    }
    seen.add(dep);
    if (!exists(dep)) throw new NotFoundError('feature', dep);
  }
  for (const dep of list) {
    if (wouldCreateCycle(dependenciesOf, featureId, dep)) {
      throw new ConflictError(
        'dependency_cycle',
        `Feature ${featureId} cannot depend on ${dep}: ${dep} already depends on ${featureId} (directly or through a chain ` +
          `deeper than ${LIMITS.cycleWalkDepth}), which would make a cycle. Nothing was changed.`,
      );
    }
  }
}

/** A change to one feature's dependency list, as addDependency, removeDependency and setDependencies ask for it. */
export type DependencyChange = { add: number } | { remove: number } | { set: readonly number[] };

/** The list `change` makes of `current`; refuses adding a dependency twice and removing one that is not there. */
export function nextDependencies(
  featureId: number,
  current: readonly number[],
  change: DependencyChange,
): number[] {
  if ('add' in change) {
    if (current.includes(change.add)) {
      throw new ValidationError('input', `Feature ${featureId} already depends on ${change.add}.`, [
        { path: 'dependencies', message: `duplicate ${change.add}` },
      ]);
    }
    return [...current, change.add];
  }
  if ('remove' in change) {
    if (!current.includes(change.remove)) {
      throw new NotFoundError('dependency', change.remove, {
        entity: `dependency of feature ${featureId} on feature`,
      });
    }
    return current.filter((d) => d !== change.remove);
  }
  return [...change.set];
}
