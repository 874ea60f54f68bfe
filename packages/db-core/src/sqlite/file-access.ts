import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is mounted read-only',
  ENOENT: 'it does not exist',
};

/** Why `access(entry, mode)` fails, in words, or null when it does not. */
function accessProblem(entry: string, mode: number): string | null {
  try {
    accessSync(entry, mode);
    return null;
  } catch (error) {
    const code = String((error as NodeJS.ErrnoException).code);
    return `${ERRNO_TEXT[code] ?? 'not allowed'}, ${code}`;
  }
}

/**
 * Why this process may not write `file` the way SQLite needs to (the file itself, and its
 * directory for the -journal it creates and deletes), or null when it may. A file whose mode
 * gives nobody write access counts as not writable even for root: it was protected on purpose.
 */
export function whyNotWritable(file: string): string | null {
  if (existsSync(file)) {
    const mode = statSync(file).mode;
    if ((mode & 0o222) === 0)
      return `the permissions of ${file} (mode ${(mode & 0o777).toString(8).padStart(4, '0')}) allow nobody to write it`;
    const fileProblem = accessProblem(file, constants.W_OK);
    if (fileProblem) return `${file} is not writable (${fileProblem})`;
  }
  const dir = path.dirname(file);
  const dirProblem = accessProblem(dir, constants.W_OK);
  return dirProblem ? `its directory ${dir} is not writable (${dirProblem})` : null;
}

/** Header bytes 18 and 19 are 2 in a WAL database. */
function isWalFile(file: string): boolean {
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, header, 0, 20, 0) === 20 && header[18] === 2 && header[19] === 2;
  } finally {
    closeSync(fd);
  }
}

/** What most likely stopped SQLite from opening `file` (SQLITE_CANTOPEN), and what to do about it. */
export function explainCantOpen(file: string): string {
  if (!existsSync(file)) return 'the file does not exist.';
  const readProblem = accessProblem(file, constants.R_OK);
  if (readProblem) return `the file cannot be read (${readProblem}).`;
  const dir = path.dirname(file);
  const dirProblem = accessProblem(dir, constants.W_OK);
  const fix = 'Make the directory writable, or copy the file into a writable directory and open the copy.';
  if (dirProblem && isWalFile(file) && !existsSync(`${file}-shm`)) {
    return (
      `it is in WAL mode, and reading it needs ${file}-shm, which does not exist and cannot be created ` +
      `because its directory ${dir} is not writable (${dirProblem}). ${fix}`
    );
  }
  if (dirProblem) {
    return `SQLite could not create the -journal, -wal or -shm file it needs beside it: its directory ${dir} is not writable (${dirProblem}). ${fix}`;
  }
  return 'SQLite could not open it or the -journal, -wal or -shm file beside it (too many open files, or a file system error); check the file system and retry.';
}
