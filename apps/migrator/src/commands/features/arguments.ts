import type { FeatureBulkItem } from '@forgedb/store';
import { UsageError } from '../../errors.js';

const COMMAND = 'features';

/** What each subcommand accepts besides its target (--project, or --database-url and --project-name) and --json; anything else is a usage error. */
export const SUBCOMMANDS = {
  stats: { id: false, flags: [] },
  ready: { id: false, flags: ['limit'] },
  blocked: { id: false, flags: ['limit'] },
  graph: { id: false, flags: [] },
  get: { id: true, flags: [] },
  claim: { id: true, flags: ['agent', 'lease'] },
  pass: { id: true, flags: [] },
  fail: { id: true, flags: [] },
  skip: { id: true, flags: [] },
  clear: { id: true, flags: [] },
  'claim-next': { id: false, flags: ['agent', 'lease'] },
  'create-bulk': { id: false, flags: ['file'] },
} as const satisfies Record<string, { id: boolean; flags: readonly string[] }>;

export type Subcommand = keyof typeof SUBCOMMANDS;
const SUBCOMMAND_FLAGS = ['limit', 'agent', 'lease', 'file'] as const;

export interface FeaturesValues {
  project?: string;
  json?: boolean;
  limit?: string;
  agent?: string;
  lease?: string;
  file?: string;
}

export interface FeaturesArguments {
  subcommand: Subcommand;
  /** Set for the subcommands that take an ID. */
  id: number | null;
  limit?: number;
  agent?: string;
  leaseSeconds?: number;
  file?: string;
  /** create-bulk: the items read from --file, loaded before the project is opened. */
  batch?: FeatureBulkItem[];
}

function parseSubcommand(name: string | undefined): Subcommand {
  const names = Object.keys(SUBCOMMANDS);
  if (name === undefined) throw new UsageError(`Missing subcommand: one of ${names.join(', ')}.`, COMMAND);
  if (!Object.hasOwn(SUBCOMMANDS, name))
    throw new UsageError(`Unknown subcommand "${name}": expected one of ${names.join(', ')}.`, COMMAND);
  return name as Subcommand;
}

/**
 * An ID is written in decimal digits; anything else (`abc`, `1.5`, `1e3`) is a usage error.
 * Range checks (e.g. 0) are left to the store, whose ValidationError says what it accepts.
 */
function parseId(raw: string | undefined, subcommand: Subcommand): number {
  if (raw === undefined) throw new UsageError(`features ${subcommand} needs a feature ID.`, COMMAND);
  const digits = /^\d+$/.test(raw);
  const id = digits ? Number(raw) : NaN;
  if (digits && !Number.isSafeInteger(id)) {
    throw new UsageError(
      `Feature ID ${raw} is beyond ${Number.MAX_SAFE_INTEGER}, the largest id forgedb can address exactly.`,
      COMMAND,
    );
  }
  if (!Number.isSafeInteger(id))
    throw new UsageError(`Feature ID must be an integer, got "${raw}".`, COMMAND);
  return id;
}

function parseInteger(raw: string, flag: string): number {
  const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value))
    throw new UsageError(`${flag} must be an integer, got "${raw}".`, COMMAND);
  return value;
}

function parseSeconds(raw: string): number {
  const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(value))
    throw new UsageError(`--lease must be a number of seconds, got "${raw}".`, COMMAND);
  return value;
}

/** Checks the command line before anything is opened: a usage error never touches a database. */
export function parseFeaturesArguments(values: FeaturesValues, positionals: string[]): FeaturesArguments {
  const [name, ...rest] = positionals;
  const subcommand = parseSubcommand(name);
  const spec = SUBCOMMANDS[subcommand];
  const accepted: readonly string[] = spec.flags;
  for (const flag of SUBCOMMAND_FLAGS) {
    if (values[flag] !== undefined && !accepted.includes(flag))
      throw new UsageError(`features ${subcommand} does not take --${flag}.`, COMMAND);
  }
  const id = spec.id ? parseId(rest.shift(), subcommand) : null;
  if (rest.length > 0)
    throw new UsageError(`Unexpected argument "${rest[0]}" for features ${subcommand}.`, COMMAND);

  const args: FeaturesArguments = { subcommand, id };
  if (values.limit !== undefined) args.limit = parseInteger(values.limit, '--limit');
  if (values.agent !== undefined) args.agent = values.agent;
  if (values.lease !== undefined) args.leaseSeconds = parseSeconds(values.lease);
  if (subcommand === 'claim-next' && args.agent === undefined)
    throw new UsageError(
      'features claim-next needs --agent NAME (the claim is recorded under that name).',
      COMMAND,
    );
  if (subcommand === 'create-bulk') {
    if (values.file === undefined)
      throw new UsageError(
        'features create-bulk needs --file FILE (a JSON array of features; - for stdin).',
        COMMAND,
      );
    args.file = values.file;
  }
  return args;
}
