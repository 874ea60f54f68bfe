import { spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { binariesRunnableBy, postgresBinaries } from './binaries.js';

/** initdb and postgres refuse to run as root; they run as this user then, in a directory it owns. */
const UNPRIVILEGED = { uid: 65534, gid: 65534 };

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function runAs() {
  return process.getuid?.() === 0 ? UNPRIVILEGED : {};
}

async function waitForConnections(url, server, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(
        `postgres exited (${server.exitCode ?? server.signalCode}) before accepting connections:\n${output()}`,
      );
    }
    // A bounded attempt: something else listening on the port must not hang the start.
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) {
        throw new Error(
          `postgres did not accept connections within ${timeoutMs} ms (${error.message}):\n${output()}`,
          {
            cause: error,
          },
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Starts a throw-away PostgreSQL 15 server on 127.0.0.1 (trust authentication, user `postgres`,
 * durability off: the data dies with the run). A detached watchdog stops it if this process dies
 * without calling `stop()`. Rejects, never hangs, when the server cannot start.
 */
export async function startTestServer(options = {}) {
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const dataDir = mkdtempSync(path.join(options.parentDir ?? tmpdir(), 'forgedb-pg-'));
  const user = runAs();
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const binaries = binariesRunnableBy(options.binaries ?? postgresBinaries(), user);
    if (user.uid !== undefined) chownSync(dataDir, user.uid, user.gid);
    const pgdata = path.join(dataDir, 'data');
    const init = spawnSync(
      binaries.initdb,
      ['-D', pgdata, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'],
      { ...user, encoding: 'utf8' },
    );
    if (init.error) throw new Error(`initdb could not run: ${init.error.message}`, { cause: init.error });
    if (init.status !== 0)
      throw new Error(`initdb failed (exit ${init.status}):\n${init.stdout}${init.stderr}`);

    const port = options.port ?? (await freePort());
    let log = '';
    const server = spawn(
      binaries.postgres,
      [
        '-D',
        pgdata,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${dataDir}`,
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        `max_connections=${options.maxConnections ?? 200}`,
      ],
      { ...user, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk) => {
      log = (log + chunk.toString()).slice(-20_000);
    };
    server.stdout.on('data', keep);
    server.stderr.on('data', keep);
    const exited = new Promise((resolve) => server.once('exit', resolve));
    const spawnFailed = new Promise((_, reject) => server.once('error', reject));

    const watchdog = spawn(
      process.execPath,
      [
        fileURLToPath(new URL('./watchdog.js', import.meta.url)),
        String(process.pid),
        String(server.pid),
        dataDir,
      ],
      { detached: true, stdio: 'ignore' },
    );
    watchdog.unref();

    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    let stopped;
    const stop = () => {
      stopped ??= (async () => {
        if (server.exitCode === null && server.signalCode === null) {
          // SIGINT is PostgreSQL's fast shutdown: sessions are ended, the server exits at once.
          server.kill('SIGINT');
          await exited;
        }
        try {
          process.kill(watchdog.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        cleanup();
      })();
      return stopped;
    };
    try {
      await Promise.race([waitForConnections(url, server, () => log, startTimeoutMs), spawnFailed]);
    } catch (error) {
      await stop();
      throw error;
    }
    // Piped output nobody reads would eventually block the server; only startup failures need it.
    server.stdout.removeListener('data', keep);
    server.stderr.removeListener('data', keep);
    server.stdout.resume();
    server.stderr.resume();
    return { url, port, dataDir, pid: server.pid, binaries, stop };
  } catch (error) {
    cleanup();
    throw error;
  }
}
