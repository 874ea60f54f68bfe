import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { legacyProject } from './cli.js';

/*
 * `pnpm -s forgedb … --json > file` (README, docs/cli.md): the root's scripts/forgedb.mjs runs
 * the CLI from the workspace root, so it must resolve relative paths against the directory the
 * user typed the command in, and with -s pnpm prints nothing of its own on stdout.
 */

const WORKSPACE = path.resolve(import.meta.dirname, '../../..');

/** The pnpm running these tests when there is one, else the workspace's pinned version through npx. */
function pnpm(args: string[], cwd: string) {
  const execPath = process.env.npm_execpath;
  const [command, argv] =
    execPath && path.basename(execPath).startsWith('pnpm')
      ? [process.execPath, [execPath, ...args]]
      : [
          'npx',
          [
            '-y',
            (
              JSON.parse(readFileSync(path.join(WORKSPACE, 'package.json'), 'utf8')) as {
                packageManager: string;
              }
            ).packageManager,
            ...args,
          ],
        ];
  // INIT_CWD is pnpm's to set: one inherited from the pnpm running the tests would win.
  const env: NodeJS.ProcessEnv = { ...process.env, FORGEDB_DEBUG: '' };
  delete env.INIT_CWD;
  return spawnSync(command, argv, { cwd, encoding: 'utf8', env });
}

describe('pnpm -s forgedb', () => {
  it.each([
    ['a directory of the workspace that is no package (docs/)', 'docs', ['-s']],
    ['a package directory, with -w', 'apps/migrator', ['-s', '-w']],
  ])('from %s: stdout is one JSON document and paths are relative to that directory', (_, sub, flags) => {
    const project = realpathSync(legacyProject());
    const cwd = path.join(WORKSPACE, sub);
    const r = pnpm([...flags, 'forgedb', 'status', '--project', path.relative(cwd, project), '--json'], cwd);
    expect(r.status, r.stderr).toBe(0);
    const document = JSON.parse(r.stdout) as { ok: boolean; projectDir: string };
    expect(document).toMatchObject({ ok: true, projectDir: project });
  });
});
