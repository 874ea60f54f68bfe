import { DiskFullError } from '@forgedb/db-core';
import type { ExportFileOptions } from './types.js';

/** Writes all of `text`: a write may take fewer bytes than asked (a nearly full disk does), so it loops. */
export function writeAll(
  write: NonNullable<ExportFileOptions['write']>,
  fd: number,
  text: string,
  file: string,
): void {
  const buffer = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < buffer.length;) {
    const n = write(fd, buffer, offset, buffer.length - offset);
    if (n <= 0) throw new DiskFullError(file, { detail: 'the file system accepted no more bytes' });
    offset += n;
  }
}
