import { serializeFeature, stringifyPythonStyle } from '@forgedb/schema';
import type { FeatureMark, FeaturesAdapter } from '../adapter.js';
import {
  NO_CHECKS,
  PASSING_CHECKS,
  REQUEST_HUMAN_INPUT_CHECKS,
  RESPOND_HUMAN_INPUT_CHECKS,
  type RefusalCheck,
} from '../features/refusals.js';
import type { FeatureContext, HolderParams } from './feature-context.js';
import { nextPriority } from './next-priority.js';

const MARK_CHECKS: Record<FeatureMark, readonly RefusalCheck[]> = {
  passing: PASSING_CHECKS,
  failing: NO_CHECKS,
  skip: PASSING_CHECKS,
  clear: NO_CHECKS,
};

/** Outcomes and human input: one guarded UPDATE ... RETURNING each, its refusal read in the same transaction. */
export function featureGuardedWrites({
  st,
  snapshots,
  write,
  refusal,
  guarded,
}: FeatureContext): Pick<FeaturesAdapter, 'mark' | 'requestHumanInput' | 'respondHumanInput'> {
  const statements = {
    passing: st.markPassing,
    failing: st.markFailing,
    clear: st.clearInProgress,
  } as const;

  return {
    mark(mark, id, lease) {
      if (mark === 'skip') {
        // Computed first, so a text or BLOB priority refuses the skip instead of turning into 1.
        const skipTo = (p: HolderParams) =>
          st.skip.get({ ...p, priority: nextPriority(st, `skip feature ${id}`, 'Nothing was changed.') });
        return guarded(id, lease, (p) => skipTo(p), MARK_CHECKS.skip);
      }
      const stmt = statements[mark];
      return guarded(id, lease, (p) => stmt.get(p), MARK_CHECKS[mark]);
    },

    requestHumanInput(id, request, lease) {
      const text = stringifyPythonStyle(request);
      return guarded(
        id,
        lease,
        (p) => st.requestHumanInput.get({ ...p, request: text }),
        REQUEST_HUMAN_INPUT_CHECKS,
      );
    },

    respondHumanInput(id, response) {
      const text = stringifyPythonStyle(response);
      return write(() => {
        const updated = st.respondHumanInput.get({ id, response: text });
        if (!updated) throw refusal(id, undefined, RESPOND_HUMAN_INPUT_CHECKS);
        snapshots.noteOwnWrite(updated);
        return serializeFeature(updated);
      });
    },
  };
}
