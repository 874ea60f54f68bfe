import { claimText } from './feature-text.js';
import type { SubcommandRunner } from './outcome.js';

export const claimNext: SubcommandRunner = async (store, args) => {
  const r = await store.features.claimNext({ agent: args.agent as string, leaseSeconds: args.leaseSeconds });
  // Nothing ready is a normal answer for a polling agent, not a failure: exit 0, no feature.
  return {
    result: r ?? { feature: null, lease: null },
    text: r ? claimText(r) : 'Nothing is ready to claim.',
  };
};
