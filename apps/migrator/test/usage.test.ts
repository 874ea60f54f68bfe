import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, expectExit, forgedb, forgedbJson, legacyProject, tempDir } from './cli.js';

const COMMANDS = [
  'migrate',
  'status',
  'verify',
  'backup',
  'restore',
  'import-json',
  'export-json',
  'features',
  'demo',
];

describe('forgedb usage', () => {
  it('--help lists every command and exits 0', () => {
    const r = forgedb(['--help']);
    expectExit(r, 0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c} `);
    expect(r.stdout).toMatch(/Exit codes: 0 success, 1 .*2 usage error/);
  });

  it("<command> --help prints that command's usage and exits 0", () => {
    for (const c of COMMANDS) {
      const r = forgedb([c, '--help']);
      expectExit(r, 0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: forgedb ${c}`));
    }
  });

  it('--version prints the package version', () => {
    const r = forgedb(['--version']);
    expectExit(r, 0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 on usage errors, naming the problem on stderr and writing nothing to stdout', () => {
    const dir = tempDir();
    const cases: [string[], RegExp][] = [
      [[], /Usage: forgedb <command>/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['--frobnicate'], /unknown option "--frobnicate"/],
      [['migrate', '--bogus'], /Unknown option '--bogus'/],
      [['migrate'], /Missing --project DIR or --db FILE/],
      [
        ['status', '--project', dir, '--db', path.join(dir, 'x.db')],
        /either --project DIR or --db FILE, not both/,
      ],
      [['verify', '--project'], /--project/],
      [['status', '--project', dir, 'extra'], /Unexpected argument 'extra'/],
      [['import-json'], /--project DIR is required/],
      [['export-json', '--db', 'x.db'], /Unknown option '--db'/],
      [['restore', '--db', 'x.db'], /--from BACKUP is required/],
      [['migrate', '--project', dir, '--kind', 'widgets'], /--kind must be one of features, assistant/],
    ];
    for (const [args, message] of cases) {
      const r = forgedb(args);
      expectExit(r, 2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout, args.join(' ')).toBe('');
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a failure under --json still prints exactly one JSON document, with the error', () => {
    const missing = path.join(tempDir(), 'no-such-project');
    const r = forgedbJson<{ ok: boolean; error: { code: string; message: string } }>([
      'status',
      '--project',
      missing,
    ]);
    expectExit(r, 1);
    expect(r.json).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('does not exist') as unknown },
    });
    expect(existsSync(missing)).toBe(false);
  });
});

describe('forgedb output into a closed pipe', () => {
  /** Runs the CLI with stdout piped to a reader that has already gone, as `forgedb … | head` does. */
  function intoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Closing our end before the CLI has started makes its first write fail with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  }

  it('exits quietly with the command’s own exit code, without a stack trace', async () => {
    const help = await intoClosedPipe(['--help']);
    expect(help).toEqual({ code: 0, stderr: '' });
    const status = await intoClosedPipe(['status', '--project', legacyProject(), '--json']);
    expect(status).toEqual({ code: 0, stderr: '' });
  });
});
