import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * sha256 over each given file with its -wal and -journal side files (absent ones count as absent):
 * "data untouched" means every byte of every one of them is unchanged, and none appeared or vanished.
 */
export function checksum(...files: string[]): string {
  const h = createHash('sha256');
  for (const f of files) {
    for (const side of [f, `${f}-wal`, `${f}-journal`]) {
      h.update(`${side}\0`);
      h.update(existsSync(side) ? readFileSync(side) : 'absent');
    }
  }
  return h.digest('hex');
}

/** Everything under a directory, recursively, with its bytes: catches stray new files (backups, -wal) too. */
export function treeChecksum(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      h.update(`${path.relative(dir, p)}\0`);
      if (e.isDirectory()) walk(p);
      else h.update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}
