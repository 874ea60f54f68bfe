import type { Store } from '@forgedb/store';
import type { FeaturesArguments } from './arguments.js';

/**
 * What a subcommand produced: the store's result (its fields, beside `"ok": true`, are the --json
 * document) and its human rendering.
 */
export interface Outcome {
  result: object;
  text: string;
}

export type SubcommandRunner = (store: Store, args: FeaturesArguments) => Promise<Outcome>;
