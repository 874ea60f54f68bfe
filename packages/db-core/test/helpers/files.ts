import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];
const locked: string[] = [];
const immutable = new Set<string>();

export function tempDir(prefix = 'forgedb-db-core-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * Makes a file or directory read-only for this process. Mode bits bind an ordinary user; root
 * ignores them, so there the entry is also marked immutable (chattr +i), which binds root too.
 * Returns false when neither can be enforced (root without CAP_LINUX_IMMUTABLE).
 */
export function makeReadOnly(entry: string, mode = 0o444): boolean {
  chmodSync(entry, mode);
  locked.push(entry);
  if (process.getuid?.() !== 0) return true;
  try {
    execFileSync('chattr', ['+i', entry], { stdio: 'ignore' });
    immutable.add(entry);
    return true;
  } catch {
    return false;
  }
}

/** For afterEach/afterAll: read-only marks set by tests would otherwise block the removal. */
export function removeTempDirs(): void {
  for (const entry of locked.splice(0)) {
    try {
      if (immutable.delete(entry)) execFileSync('chattr', ['-i', entry], { stdio: 'ignore' });
      chmodSync(entry, 0o755);
    } catch {
      // already gone
    }
  }
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
