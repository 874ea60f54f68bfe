import { existsSync, lstatSync, mkdirSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { IoError, mapFsWriteError } from '../errors/index.js';

const isDanglingSymlink = (entry: string) => {
  try {
    return lstatSync(entry).isSymbolicLink() && !existsSync(entry);
  } catch {
    return false;
  }
};

/**
 * `mkdir -p` that reports the real reason when it cannot. Node's recursive mkdirSync answers
 * ENOENT ("does not exist") for a dangling symlink on the way and, on a read-only file system,
 * for EROFS too: after an error it did not expect it stats the path and returns that stat's
 * ENOENT. Creating one level at a time surfaces each level's own error, mapped to a typed one
 * naming the directory (ReadOnlyError, DiskFullError, IoError).
 */
export function makeDirectories(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  while (!existsSync(current)) {
    if (isDanglingSymlink(current)) {
      throw new IoError(
        current,
        `${current} is a symbolic link to ${readlinkSync(current)}, which does not exist; nothing was created. ` +
          'Create the directory it points to, or remove the link.',
      );
    }
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (existsSync(current) && !statSync(current).isDirectory())
    throw new IoError(current, `${current} is not a directory, so nothing can be created inside it.`);
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      // Another process created it meanwhile: that is what was wanted.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(level).isDirectory()) continue;
      throw mapFsWriteError(error, level);
    }
  }
}
