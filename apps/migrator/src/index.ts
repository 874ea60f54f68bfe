export {
  defineCommand,
  jsonOption,
  targetOptions,
  type Command,
  type CommandContext,
  type OptionValues,
} from './command.js';
export { commands } from './commands/index.js';
export { CommandError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, describeError } from './errors.js';
export { printJson, processIo, type Io, type JsonDocument } from './io.js';
export { main } from './main.js';
export { progressBar, type Progress } from './progress.js';
