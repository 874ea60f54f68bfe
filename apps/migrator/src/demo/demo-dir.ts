import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CommandError } from '../errors.js';

/** Marks a directory `forgedb demo` made, so a second run may replace it and nothing else. */
const MARKER = '.forgedb-demo';

/** Makes `dir` new and empty for the sample projects, refusing any directory the demo did not make. */
export function prepareDemoDir(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory())
      throw new CommandError(`${dir} exists and is not a directory; nothing was written.`, 'VALIDATION');
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new CommandError(
        `${dir} already exists and was not made by \`forgedb demo\`; refusing to write into it. Pass --dir with a new or empty directory.`,
        'VALIDATION',
      );
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, MARKER), 'Made by `forgedb demo`; the next run replaces this directory.\n');
}
