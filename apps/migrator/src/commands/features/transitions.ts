import type { FeatureDict } from '@forgedb/schema';
import { claimText, featureDetail } from './feature-text.js';
import type { SubcommandRunner } from './outcome.js';
import { truncate } from './table.js';

/** The subcommands that take an ID always have one: parseFeaturesArguments enforces it. */
const idOf = (id: number | null): number => id as number;

const label = (f: FeatureDict) => `Feature ${f.id} "${truncate(f.name)}"`;

export const get: SubcommandRunner = async (store, args) => {
  const f = await store.features.get(idOf(args.id));
  return { result: f, text: featureDetail(f) };
};

/** From the command line a claim is anonymous unless --agent names who holds it. */
export const claim: SubcommandRunner = async (store, args) => {
  const r = await store.features.claim(idOf(args.id), { agent: args.agent, leaseSeconds: args.leaseSeconds });
  return { result: r, text: claimText(r) };
};

export const pass: SubcommandRunner = async (store, args) => {
  const f = await store.features.markPassing(idOf(args.id));
  return { result: f, text: `${label(f)} is passing.` };
};

export const fail: SubcommandRunner = async (store, args) => {
  const f = await store.features.markFailing(idOf(args.id));
  return { result: f, text: `${label(f)} is marked failing and back in the queue.` };
};

export const skip: SubcommandRunner = async (store, args) => {
  const f = await store.features.skip(idOf(args.id));
  return {
    result: f,
    text: `${label(f)} was skipped: moved to the end of the queue (priority ${f.priority}).`,
  };
};

export const clear: SubcommandRunner = async (store, args) => {
  const f = await store.features.clearInProgress(idOf(args.id));
  return { result: f, text: `${label(f)} is no longer in progress.` };
};
