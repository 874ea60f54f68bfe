import { ForgeDbError } from './forgedb-error.js';
import { DiskFullError, IoError, ReadOnlyError } from './neutral-errors.js';

const FS_WRITE_DETAIL: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EFBIG: "the file would exceed this process's file-size limit",
};

/**
 * Maps a failed file-system write (node:fs) on `file` to a typed error naming it: a full disk,
 * quota or file-size limit is DiskFullError, a read-only file system ReadOnlyError. Other errors
 * that already name a path are returned unchanged; one that names none (a failed write(2) on a
 * descriptor) becomes an IoError naming `file`. Dialect-free: exports and backups write files
 * whatever database they come from.
 */
export function mapFsWriteError(error: unknown, file: string): unknown {
  if (error instanceof ForgeDbError) return error;
  const e = error as NodeJS.ErrnoException | null;
  const code = String(e?.code ?? '');
  const detail = FS_WRITE_DETAIL[code];
  if (detail) return new DiskFullError(file, { cause: error, detail: `${detail} (${code})` });
  if (code === 'EROFS') return new ReadOnlyError(file, { cause: error });
  if (code.startsWith('E') && typeof e?.syscall === 'string' && e.path === undefined)
    return new IoError(file, `${file}: ${e.syscall} failed (${code}: ${e.message}); nothing was changed.`, {
      cause: error,
    });
  return error;
}
