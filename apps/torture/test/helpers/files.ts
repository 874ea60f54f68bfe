import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];
const immutable: string[] = [];

/**
 * Makes a file read-only for this process. Mode 0444 is enough for an ordinary user; root ignores
 * modes, so there the file is also marked immutable (chattr +i), which binds root too. Returns
 * false when neither can be enforced (root without CAP_LINUX_IMMUTABLE), so a caller can say so.
 */
export function makeReadOnly(file: string): boolean {
  chmodSync(file, 0o444);
  if (process.getuid?.() !== 0) return true;
  try {
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
    immutable.push(file);
    return true;
  } catch {
    return false;
  }
}

export function tempDir(prefix = 'forgedb-torture-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Called from afterAll: read-only modes set by tests would otherwise block the removal. */
export function removeTempDirs(): void {
  for (const file of immutable.splice(0)) {
    try {
      execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
  for (const dir of made.splice(0)) {
    chmodTree(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

function chmodTree(dir: string): void {
  try {
    chmodSync(dir, 0o755);
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) chmodTree(p);
      else chmodSync(p, 0o644);
    }
  } catch {
    // best effort: a vanished entry needs no permission fix
  }
}

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
