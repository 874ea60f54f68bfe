import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];
const immutable: string[] = [];

export function tempDir(prefix = 'forgedb-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * Makes a file or directory read-only for this process. Mode bits bind an ordinary user; root
 * ignores them, so there the entry is also marked immutable (chattr +i), which binds root too.
 * Returns false when neither can be enforced (root without CAP_LINUX_IMMUTABLE), so a caller can
 * say so instead of asserting a refusal that cannot happen.
 */
export function makeReadOnly(entry: string, mode = 0o444): boolean {
  chmodSync(entry, mode);
  if (process.getuid?.() !== 0) return true;
  try {
    execFileSync('chattr', ['+i', entry], { stdio: 'ignore' });
    immutable.push(entry);
    return true;
  } catch {
    return false;
  }
}

/** For afterEach/afterAll: removes every tempDir; read-only marks set by tests would otherwise block it. */
export function removeTempDirs(): void {
  for (const entry of immutable.splice(0)) {
    try {
      execFileSync('chattr', ['-i', entry], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
  for (const dir of made.splice(0)) {
    makeWritable(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

function makeWritable(dir: string): void {
  try {
    chmodSync(dir, 0o755);
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) makeWritable(p);
      else chmodSync(p, 0o644);
    }
  } catch {
    // best effort: a vanished entry needs no permission fix
  }
}
