import type { Io } from './io.js';

/** node:util parseArgs's option config, spelled out so command modules can export their types. */
export interface OptionConfig {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean | string[] | boolean[];
}
export type OptionsConfig = Record<string, OptionConfig>;

/** The parsed `--flag` values of a command, typed from its option config. */
export type OptionValues<O extends OptionsConfig> = {
  [K in keyof O]?: O[K] extends { multiple: true }
    ? O[K] extends { type: 'boolean' }
      ? boolean[]
      : string[]
    : O[K] extends { type: 'boolean' }
      ? boolean
      : string;
};

export interface CommandContext<O extends OptionsConfig> {
  values: OptionValues<O>;
  positionals: string[];
  io: Io;
}

/**
 * One `forgedb <name>` command. `run` returns the exit code (0 or 1; usage errors are thrown as
 * UsageError and become 2). `--help` is added to every command and handled before `run`.
 */
export interface Command<O extends OptionsConfig = OptionsConfig> {
  name: string;
  /** One line for `forgedb --help`. */
  summary: string;
  /** The full text of `forgedb <name> --help`, without a trailing newline. */
  help: string;
  options: O;
  /** Accept positional arguments (e.g. `forgedb features get 12`); refused otherwise. */
  allowPositionals?: boolean;
  run(ctx: CommandContext<O>): Promise<number> | number;
}

/** Keeps the option types of one command attached to its `run` while the registry holds them all. */
export function defineCommand<const O extends OptionsConfig>(command: Command<O>): Command {
  return command;
}

/** Shared option configs, so every command spells them the same way. */
export const targetOptions = {
  project: { type: 'string' },
  db: { type: 'string' },
  kind: { type: 'string' },
} as const;

export const jsonOption = { json: { type: 'boolean' } } as const;
