import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';

/**
 * Makes a directory read-only for this process: mode 0555 binds an ordinary user; root ignores
 * modes, so there it is also marked immutable (chattr +i). Returns false when neither binds.
 */
export function makeReadOnly(dir: string): boolean {
  chmodSync(dir, 0o555);
  if (process.getuid?.() !== 0) return true;
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function undoReadOnly(dir: string): void {
  if (process.getuid?.() === 0) execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
  chmodSync(dir, 0o755);
}
