import type { Command } from '../command.js';
import backup from './backup.js';
import copy from './copy.js';
import demo from './demo.js';
import exportJson from './export-json.js';
import features from './features/features-command.js';
import importJson from './import-json.js';
import migrate from './migrate.js';
import restore from './restore.js';
import status from './status.js';
import verify from './verify.js';

/**
 * Every `forgedb` command, in the order `forgedb --help` lists them. Adding a command is one
 * import and one entry here; the command's file holds its options, help and behaviour.
 */
export const commands: readonly Command[] = [
  migrate,
  status,
  verify,
  backup,
  restore,
  importJson,
  exportJson,
  copy,
  features,
  demo,
];
