import { closeSync, openSync, readFileSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DiskFullError } from '@forgedb/db-core';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { exportFeatureList } from '@forgedb/store/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { checksum, createPrng, removeTempDirs, runSeed, tempDir } from '@forgedb/test-utils';
import { runCli } from './helpers/processes.js';
import { makeCurrentFile } from './helpers/legacy.js';

afterAll(removeTempDirs);

const FEATURES = 8000;
const CUTS = 15;

/**
 * A write function that behaves like a disk with `room` bytes left: it writes what fits (a short
 * write, as the kernel does), then every further write is the real ENOSPC of /dev/full.
 */
function diskWithRoom(room: number): {
  write: (fd: number, b: Uint8Array, o: number, l: number) => number;
  close: () => void;
} {
  const full = openSync('/dev/full', 'w');
  let left = room;
  return {
    write: (fd, buffer, offset, length) => {
      if (left === 0) return writeSync(full, buffer, offset, length);
      const n = writeSync(fd, buffer, offset, Math.min(length, left));
      left -= n;
      return n;
    },
    close: () => closeSync(full),
  };
}

describe('export-json on a full disk', () => {
  it(
    `fails with DiskFullError and keeps the previous export byte for byte, whatever byte the disk fills at (${CUTS} cuts)`,
    { timeout: 120_000 },
    async () => {
      const seed = runSeed();
      const random = createPrng(seed);
      const dir = tempDir();
      const db = makeCurrentFile(path.join(dir, '.autoforge', 'features.db'), FEATURES);
      const out = path.join(dir, 'feature_list_export.json');
      const reader = openDatabase({ file: db }, { readonly: true });
      try {
        const size = statSync(exportFeatureList(reader, out).file).size;
        // More than one 1 MB write: the disk can fill in the first chunk, between chunks or in the last.
        expect(size).toBeGreaterThan(2 << 20);
        writeFileSync(out, '[ "the previous good export" ]\n');
        const previous = readFileSync(out);
        const dbSum = checksum(db);
        // Cut points drawn over the whole file, plus the edges: nothing fits, all but the last byte.
        const cuts = [0, size - 1, ...Array.from({ length: CUTS - 2 }, () => Math.floor(random() * size))];
        for (const room of cuts) {
          const disk = diskWithRoom(room);
          const context = `seed ${seed}, room ${room} of ${size} bytes`;
          try {
            expect(() => exportFeatureList(reader, out, { write: disk.write }), context).toThrow(
              DiskFullError,
            );
          } finally {
            disk.close();
          }
          expect(readFileSync(out).equals(previous), context).toBe(true);
          expect(
            readdirSync(dir).filter((n) => n.includes('.tmp')),
            context,
          ).toEqual([]);
        }
        expect(checksum(db)).toBe(dbSum);
      } finally {
        reader.close();
      }

      // The real CLI, against the kernel's own short write and EFBIG under a file-size limit.
      const previous = readFileSync(out);
      const cli = await runCli(['export-json', '--project', dir, '--json'], { fileSizeLimitBlocks: 400 });
      expect(cli.code, cli.stderr).toBe(1);
      expect(JSON.parse(cli.stdout)).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
      expect(cli.stderr).toContain(`Could not write ${out}:`);
      expect(readFileSync(out).equals(previous)).toBe(true);
      expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
    },
  );
});
