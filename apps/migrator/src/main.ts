import { parseArgs } from 'node:util';
import type { Command } from './command.js';
import { commands } from './commands/index.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, describeError } from './errors.js';
import { printJson, processIo, type Io } from './io.js';
import { DATABASE_URL_VARIABLE } from './pg-target.js';
import { cliVersion } from './version.js';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'forgedb: upgrade, inspect, back up and serve AutoForge features.db / assistant.db files and PostgreSQL projects (--database-url)',
    '',
    'Usage: forgedb <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `forgedb <command> --help` for a command's options.",
    'Exit codes: 0 success, 1 failed or refused (nothing left half-done) or verify found a problem, 2 usage error.',
    '',
    'Options:',
    '  --help, -h     show this help',
    '  --version      print the version',
  ].join('\n');
}

function usageFailure(io: Io, error: UsageError): number {
  const hint = error.command ? `forgedb ${error.command} --help` : 'forgedb --help';
  io.err(`forgedb: ${error.message}\nRun \`${hint}\` for usage.\n`);
  return EXIT_USAGE;
}

/** node:util's parse errors carry codes like ERR_PARSE_ARGS_UNKNOWN_OPTION; all of them are usage errors. */
function parseFailure(error: unknown, command: string): UsageError {
  const message =
    error instanceof Error
      ? error.message.replace(/\. To specify a positional argument.*$/s, '.')
      : String(error);
  return new UsageError(message, command);
}

/**
 * Scrubs the database URL's password from a failure's text: the store and the migrator redact
 * their own messages, and this catches whatever else (a driver message echoing the URL) before
 * it reaches the terminal or a log. pg's redaction is loaded only when there is a URL to hide.
 */
async function secretRedactor(values: Record<string, unknown>): Promise<(text: string) => string> {
  // `copy` names its servers with --from and --to.
  const urls = [values['database-url'], process.env[DATABASE_URL_VARIABLE], values.from, values.to].filter(
    (u): u is string => typeof u === 'string' && /^postgres(ql)?:\/\//i.test(u),
  );
  if (urls.length === 0) return (text) => text;
  const { redactSecrets } = await import('@forgedb/db-core/pg');
  return (text) => urls.reduce((out, url) => redactSecrets(out, url), text);
}

async function runCommand(command: Command, argv: string[], io: Io): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(`${command.help}\n`);
    return EXIT_OK;
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: command.options,
      strict: true,
      allowPositionals: command.allowPositionals ?? false,
    });
  } catch (error) {
    return usageFailure(io, parseFailure(error, command.name));
  }
  const json = parsed.values.json === true;
  try {
    return await command.run({ values: parsed.values as never, positionals: parsed.positionals, io });
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(io, error);
    const described = describeError(error);
    const redact = await secretRedactor(parsed.values);
    described.message = redact(described.message);
    // `forgedb features claim failed: ...` says which subcommand was refused.
    const label =
      command.allowPositionals && parsed.positionals[0]
        ? `${command.name} ${parsed.positionals[0]}`
        : command.name;
    io.err(`forgedb ${label} failed: ${described.message}\n`);
    if (process.env.FORGEDB_DEBUG && error instanceof Error && error.stack)
      io.err(`${redact(error.stack)}\n`);
    // Scripts reading --json get one document whatever happened.
    if (json) printJson(io, { ok: false, error: described });
    return EXIT_FAILED;
  }
}

/** Runs `forgedb` with the given arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(`${overview()}\n`);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' && rest[0] ? commands.find((c) => c.name === rest[0]) : undefined;
    io.out(`${target ? target.help : overview()}\n`);
    return EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${cliVersion()}\n`);
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const kind = name.startsWith('-') ? 'option' : 'command';
    return usageFailure(io, new UsageError(`unknown ${kind} "${name}".`));
  }
  return runCommand(command, rest, io);
}
