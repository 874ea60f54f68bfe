import type { Store } from '@forgedb/store';
import type { FeaturesArguments } from './arguments.js';

/** What a subcommand produced: the store's result document (printed by --json) and its human rendering. */
export interface Outcome {
  result: unknown;
  text: string;
}

export type SubcommandRunner = (store: Store, args: FeaturesArguments) => Promise<Outcome>;
