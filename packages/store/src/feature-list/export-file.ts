import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mapFsWriteError } from '@forgedb/db-core';
import type { FeatureDict } from '@forgedb/schema';
import type { ExportFileOptions } from './types.js';
import { writeAll } from './write-all.js';

/** Chunks of about this size reach the disk, so memory stays flat at any backlog size. */
const FLUSH_BYTES = 1 << 20;

/**
 * A feature_list export being written: under a temporary name beside the target until `commit`
 * syncs and renames it, so a failed export (a full disk included) never leaves a half file behind
 * and the previous export stays as it was. The text is byte for byte what
 * `JSON.stringify(features, null, 2)` gives.
 */
export class ExportFile {
  readonly #fd: number;
  #open = true;
  #pending = '[';
  #count = 0;
  readonly #tmp: string;

  private constructor(
    readonly file: string,
    private readonly write: NonNullable<ExportFileOptions['write']>,
  ) {
    this.#tmp = `${file}.tmp-${process.pid}`;
    this.#fd = openSync(this.#tmp, 'w');
  }

  /** Opens the temporary file; a file-system refusal is a typed error naming `file`. */
  static open(file: string, options: ExportFileOptions = {}): ExportFile {
    try {
      return new ExportFile(file, options.write ?? writeSync);
    } catch (error) {
      throw mapFsWriteError(error, file);
    }
  }

  get count(): number {
    return this.#count;
  }

  add(feature: FeatureDict): void {
    // Nesting one level deeper than JSON.stringify's own output is a 2-space indent of every line;
    // JSON strings never hold a raw newline, so splitting on '\n' only ever meets structure.
    this.#pending += `${this.#count === 0 ? '\n  ' : ',\n  '}${JSON.stringify(feature, null, 2).replace(/\n/g, '\n  ')}`;
    this.#count++;
    if (this.#pending.length >= FLUSH_BYTES) this.#flush();
  }

  /** Writes the rest, syncs it and puts it in the target's place. */
  commit(): void {
    this.#pending += this.#count === 0 ? ']' : '\n]';
    this.#flush();
    fsyncSync(this.#fd);
    closeSync(this.#fd);
    this.#open = false;
    renameSync(this.#tmp, this.file);
  }

  /**
   * Closes and removes the temporary file after `error`, and gives what to throw: a file-system
   * failure (node:fs errors carry the system call) as a typed error naming the target, anything
   * else (it came from reading the database) as `mapOther` makes it.
   */
  discard(error: unknown, mapOther: (error: unknown) => unknown): unknown {
    if (this.#open) closeSync(this.#fd);
    this.#open = false;
    rmSync(this.#tmp, { force: true });
    if (typeof (error as NodeJS.ErrnoException | null)?.syscall === 'string')
      return mapFsWriteError(error, this.file);
    return mapOther(error);
  }

  #flush(): void {
    writeAll(this.write, this.#fd, this.#pending, this.file);
    this.#pending = '';
  }
}
