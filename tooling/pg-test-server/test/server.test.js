import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, pgSkipped, postgresBinaries, startTestServer } from '../src/index.js';

const RUN_WITH_PG = fileURLToPath(new URL('../bin/run-with-pg.mjs', import.meta.url));

async function query(url, sql, params) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// FORGEDB_SKIP_PG=1 says this machine runs no PostgreSQL: only the tests that start none still run.
describe.skipIf(pgSkipped())('startTestServer', () => {
  it('starts a PostgreSQL 15 server that accepts connections, and stop() removes it and its data', async () => {
    const server = await startTestServer();
    const [row] = await query(server.url, "SELECT current_setting('server_version_num')::int AS v");
    expect(row.v).toBeGreaterThanOrEqual(150000);
    expect(row.v).toBeLessThan(160000);
    await server.stop();
    expect(alive(server.pid)).toBe(false);
    expect(existsSync(server.dataDir)).toBe(false);
    await expect(query(server.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('rejects with the reason when initdb cannot run, and leaves no data directory', async () => {
    await expect(
      startTestServer({ binaries: { initdb: '/nonexistent/initdb', postgres: '/nonexistent/postgres' } }),
    ).rejects.toThrow(/initdb could not run/);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'as root, runs binaries installed where the unprivileged server user cannot reach them',
    async () => {
      const real = postgresBinaries();
      const hidden = mkdtempSync(path.join(tmpdir(), 'forgedb-private-'));
      try {
        chmodSync(hidden, 0o700);
        cpSync(path.resolve(path.dirname(real.postgres), '..'), path.join(hidden, 'native'), {
          recursive: true,
          verbatimSymlinks: true,
        });
        const binaries = {
          initdb: path.join(hidden, 'native', 'bin', 'initdb'),
          postgres: path.join(hidden, 'native', 'bin', 'postgres'),
        };
        const server = await startTestServer({ binaries });
        const copy = path.resolve(path.dirname(server.binaries.postgres), '..');
        try {
          expect(copy.startsWith(path.join(tmpdir(), 'forgedb-pg-binaries-'))).toBe(true);
          expect(await query(server.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
        } finally {
          await server.stop();
          // Keyed by this test's private path, so no later run would reuse it.
          rmSync(copy, { recursive: true, force: true });
        }
      } finally {
        rmSync(hidden, { recursive: true, force: true });
      }
    },
  );

  it('rejects with the server log when the port is taken', async () => {
    const blocker = createServer();
    await new Promise((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address();
    try {
      await expect(startTestServer({ port })).rejects.toThrow(/postgres exited|could not|in use/i);
    } finally {
      blocker.close();
    }
  });
});

describe.skipIf(pgSkipped())('createTestDatabase', () => {
  let server;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('clones each database from a template that is built once, and the clones are independent', async () => {
    let builds = 0;
    const template = {
      name: 'tpl_clone_test',
      prepare: async (url) => {
        builds += 1;
        await query(url, 'CREATE TABLE t (v int)');
        await query(url, 'INSERT INTO t VALUES (1)');
      },
    };
    const [a, b] = await Promise.all([
      createTestDatabase({ serverUrl: server.url, template }),
      createTestDatabase({ serverUrl: server.url, template }),
    ]);
    expect(builds).toBe(1);
    expect(a.name).not.toBe(b.name);
    await query(a.url, 'INSERT INTO t VALUES (2)');
    expect(await query(a.url, 'SELECT v FROM t ORDER BY v')).toEqual([{ v: 1 }, { v: 2 }]);
    expect(await query(b.url, 'SELECT v FROM t ORDER BY v')).toEqual([{ v: 1 }]);
    await a.drop();
    await b.drop();
    const left = await query(server.url, 'SELECT datname FROM pg_database WHERE datname = ANY($1)', [
      [a.name, b.name],
    ]);
    expect(left).toEqual([]);
  });

  it('does not keep a template whose build failed, and builds it again next time', async () => {
    const name = 'tpl_failing_test';
    await expect(
      createTestDatabase({
        serverUrl: server.url,
        template: { name, prepare: () => Promise.reject(new Error('migration failed')) },
      }),
    ).rejects.toThrow('migration failed');
    const db = await createTestDatabase({
      serverUrl: server.url,
      template: { name, prepare: (url) => query(url, 'CREATE TABLE ok (v int)') },
    });
    expect(await query(db.url, 'SELECT count(*)::int AS n FROM ok')).toEqual([{ n: 0 }]);
  });

  it('refuses to run without a server URL instead of skipping', async () => {
    const saved = process.env.FORGEDB_TEST_DATABASE_URL;
    delete process.env.FORGEDB_TEST_DATABASE_URL;
    try {
      await expect(createTestDatabase()).rejects.toThrow(/FORGEDB_TEST_DATABASE_URL is not set/);
    } finally {
      if (saved !== undefined) process.env.FORGEDB_TEST_DATABASE_URL = saved;
    }
  });
});

describe('run-with-pg', () => {
  const printUrl = [
    process.execPath,
    '-e',
    'console.log(JSON.stringify({ url: process.env.FORGEDB_TEST_DATABASE_URL ?? null })); process.exit(Number(process.env.EXIT_WITH ?? 0))',
  ];
  const run = (env) => {
    const { FORGEDB_TEST_DATABASE_URL: _u, FORGEDB_SKIP_PG: _s, ...rest } = process.env;
    const result = spawnSync(process.execPath, [RUN_WITH_PG, '--', ...printUrl], {
      env: { ...rest, ...env },
      encoding: 'utf8',
    });
    return {
      status: result.status,
      url: JSON.parse(result.stdout.trim().split('\n').at(-1)).url,
      stderr: result.stderr,
    };
  };

  it.skipIf(pgSkipped())(
    "starts a server for the command, passes its URL, stops it afterwards and returns the command's exit code",
    async () => {
      const { status, url } = run({ EXIT_WITH: '3' });
      expect(status).toBe(3);
      expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      await expect(query(url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
    },
  );

  it('uses FORGEDB_TEST_DATABASE_URL as it is when set, and names it without its password', () => {
    const { status, url, stderr } = run({
      FORGEDB_TEST_DATABASE_URL: 'postgres://me:secret@db.example:6543/x',
    });
    expect(status).toBe(0);
    expect(url).toBe('postgres://me:secret@db.example:6543/x');
    expect(stderr).not.toContain('secret');
  });

  it.skipIf(pgSkipped())('fails the run, without running the command, when the server cannot start', () => {
    const { FORGEDB_TEST_DATABASE_URL: _u, FORGEDB_SKIP_PG: _s, ...rest } = process.env;
    // The data directory goes under TMPDIR; one that does not exist makes the start fail.
    const result = spawnSync(process.execPath, [RUN_WITH_PG, '--', ...printUrl], {
      env: { ...rest, TMPDIR: '/nonexistent/forgedb-tmp' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/could not start, so the run fails/);
  });

  it('starts no server with FORGEDB_SKIP_PG=1', () => {
    const { status, url, stderr } = run({ FORGEDB_SKIP_PG: '1' });
    expect(status).toBe(0);
    expect(url).toBeNull();
    expect(stderr).toMatch(/skipped/);
  });
});
