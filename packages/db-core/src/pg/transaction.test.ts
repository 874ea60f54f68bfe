import { createTestDatabase, pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusyError, ConflictError, TimeoutError, UnavailableError } from '../errors/index.js';
import { advisoryLockKey, advisoryXactLock } from './advisory-lock.js';
import { openPool, type ForgePgPool } from './pool.js';
import { transactionQuery, withTransaction } from './transaction.js';

describe.skipIf(pgSkipped())('withTransaction on a real server', () => {
  let database: TestDatabase;
  let db: ForgePgPool;
  const other = () => {
    const client = new pg.Client({ connectionString: database.url });
    client.on('error', () => {});
    return client;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openPool(database.url);
    await withTransaction(db, {}, (c) => c.query('CREATE TABLE t (id int PRIMARY KEY, v text)'));
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('sizes the pool against max_connections (200 on the test server: 10)', () => {
    expect(db.max).toBe(10);
  });

  it('commits what fn did and returns its value', async () => {
    const n = await withTransaction(db, {}, async (c) => {
      await c.query('INSERT INTO t VALUES ($1, $2)', [1, 'one']);
      return 42;
    });
    expect(n).toBe(42);
    const { rows } = await db.pool.query('SELECT v FROM t WHERE id = 1');
    expect(rows).toEqual([{ v: 'one' }]);
  });

  it('rolls everything back when fn fails, and a unique violation is a ConflictError', async () => {
    const attempt = withTransaction(db, {}, async (c) => {
      await c.query('INSERT INTO t VALUES (2, $1)', ['two']);
      await c.query('INSERT INTO t VALUES (1, $1)', ['again']);
    });
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ reason: 'duplicate' });
    const { rows } = await db.pool.query('SELECT id FROM t ORDER BY id');
    expect(rows).toEqual([{ id: 1 }]);
  });

  it('sets its timeouts with SET LOCAL only: they do not outlive the transaction', async () => {
    const single = await openPool(database.url, { max: 1 });
    try {
      const inside = await withTransaction(
        single,
        { statementTimeoutMs: 1234, idleInTransactionTimeoutMs: 4321 },
        (c) =>
          c.query(
            "SELECT current_setting('statement_timeout') AS s, current_setting('idle_in_transaction_session_timeout') AS i",
          ),
      );
      expect(inside.rows[0]).toEqual({ s: '1234ms', i: '4321ms' });
      const after = await single.pool.query("SELECT current_setting('statement_timeout') AS s");
      expect(after.rows[0]).toEqual({ s: '0' });
      const prepared = await single.pool.query('SELECT count(*)::int AS n FROM pg_prepared_statements');
      expect(prepared.rows[0]).toEqual({ n: 0 });
    } finally {
      await single.close();
    }
  });

  it('leaves nothing past COMMIT or ROLLBACK: settings, isolation, advisory lock, transaction', async () => {
    const single = await openPool(database.url, { max: 1 });
    const key = advisoryLockKey('forgedb-leak-test');
    const o = other();
    await o.connect();
    const session = async () =>
      (
        await single.pool.query<Record<string, unknown>>(
          `SELECT current_setting('statement_timeout') AS s,
                  current_setting('idle_in_transaction_session_timeout') AS i,
                  current_setting('transaction_isolation') AS iso,
                  pg_current_xact_id_if_assigned() IS NULL AS no_xact,
                  (SELECT count(*)::int FROM pg_prepared_statements) AS prepared`,
        )
      ).rows[0];
    const clean = { s: '0', i: '0', iso: 'read committed', no_xact: true, prepared: 0 };
    const tryLock = async () =>
      (await o.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1::bigint) AS ok', [key])).rows[0]!
        .ok;
    const options = {
      isolation: 'serializable' as const,
      advisoryLock: key,
      statementTimeoutMs: 777,
      idleInTransactionTimeoutMs: 888,
    };
    try {
      const inside = await withTransaction(
        single,
        { ...options, opening: "SELECT 'opened' AS o" },
        async (c, opening) => {
          expect(opening?.rows).toEqual([{ o: 'opened' }]);
          expect(await tryLock()).toBe(false);
          await c.query("INSERT INTO t VALUES (20, 'committed')");
          return (
            await c.query<{ s: string; i: string }>(
              "SELECT current_setting('statement_timeout') AS s, current_setting('idle_in_transaction_session_timeout') AS i",
            )
          ).rows[0];
        },
      );
      expect(inside).toEqual({ s: '777ms', i: '888ms' });
      expect(await session()).toEqual(clean);
      expect(await tryLock()).toBe(true);

      const failing = withTransaction(single, options, async (c) => {
        await c.query("INSERT INTO t VALUES (21, 'rolled back')");
        await c.query("INSERT INTO t VALUES (20, 'duplicate')");
      });
      await expect(failing).rejects.toBeInstanceOf(ConflictError);
      expect(await session()).toEqual(clean);
      expect(await tryLock()).toBe(true);

      const failingQuery = transactionQuery(
        single,
        options,
        "INSERT INTO t VALUES (21, 'x'), (20, 'duplicate')",
      );
      await expect(failingQuery).rejects.toBeInstanceOf(ConflictError);
      expect(await session()).toEqual(clean);
      expect(await tryLock()).toBe(true);
      const { rows } = await single.pool.query('SELECT id, v FROM t WHERE id IN (20, 21) ORDER BY id');
      expect(rows).toEqual([{ id: 20, v: 'committed' }]);
    } finally {
      await o.end();
      await single.close();
    }
  });

  it('transactionQuery: one statement in one round trip, with both timeouts, committed', async () => {
    const settings = await transactionQuery<{ s: string; i: string }>(
      db,
      {
        statementTimeoutMs: 1234,
        idleInTransactionTimeoutMs: 4321,
        isolation: 'repeatable read',
        readOnly: true,
      },
      "SELECT current_setting('statement_timeout') AS s, current_setting('idle_in_transaction_session_timeout') AS i",
    );
    expect(settings.rows).toEqual([{ s: '1234ms', i: '4321ms' }]);
    const inserted = await transactionQuery(db, {}, "INSERT INTO t VALUES (30, 'thirty') RETURNING id");
    expect(inserted.rows).toEqual([{ id: 30 }]);
    expect((await db.pool.query('SELECT v FROM t WHERE id = 30')).rows).toEqual([{ v: 'thirty' }]);
    const slow = transactionQuery(db, { statementTimeoutMs: 50 }, 'SELECT pg_sleep(5)');
    await expect(slow).rejects.toBeInstanceOf(TimeoutError);
    await expect(slow).rejects.toThrow(`${db.target} did not finish within 50 ms`);
  });

  it('transactionQuery with values: written into the one simple query, typed errors, nothing committed on failure', async () => {
    const awkward = "it's \\'; DROP TABLE t; -- é";
    const inserted = await transactionQuery<{ id: number; v: string }>(
      db,
      {},
      'INSERT INTO t VALUES ($1, $2) RETURNING id, v',
      [31, awkward],
    );
    expect(inserted.rows).toEqual([{ id: 31, v: awkward }]);
    const duplicate = transactionQuery(db, {}, 'INSERT INTO t VALUES ($1, $2)', [31, 'again']);
    await expect(duplicate).rejects.toBeInstanceOf(ConflictError);
    expect((await db.pool.query('SELECT v FROM t WHERE id = 31')).rows).toEqual([{ v: awkward }]);
    await expect(transactionQuery(db, {}, 'SELECT $2', [1])).rejects.toThrow(TypeError);
    await expect(transactionQuery(db, {}, 'SELECT $1', [{}] as never)).rejects.toThrow(TypeError);
  });

  it('refuses settings and lock keys it would have to format from anything but integers', async () => {
    await expect(withTransaction(db, { statementTimeoutMs: -1 }, async () => 1)).rejects.toThrow(TypeError);
    await expect(
      withTransaction(db, { idleInTransactionTimeoutMs: Number.NaN }, async () => 1),
    ).rejects.toThrow(TypeError);
    await expect(withTransaction(db, { advisoryLock: '1; DROP TABLE t' }, async () => 1)).rejects.toThrow(
      TypeError,
    );
    expect((await db.pool.query("SELECT to_regclass('t') IS NOT NULL AS ok")).rows).toEqual([{ ok: true }]);
  });

  it('cancels a statement past its timeout with a TimeoutError naming the database', async () => {
    const attempt = withTransaction(db, { statementTimeoutMs: 50 }, (c) => c.query('SELECT pg_sleep(5)'));
    await expect(attempt).rejects.toBeInstanceOf(TimeoutError);
    await expect(attempt).rejects.toThrow(`${db.target} did not finish within 50 ms`);
  });

  it('reruns fn after a serialization failure, and gives BusyError once the retries are spent', async () => {
    await db.pool.query("INSERT INTO t VALUES (10, 'a') ON CONFLICT DO NOTHING");
    const conflicting = (conflictOn: (attempt: number) => boolean) => {
      let attempts = 0;
      const run = withTransaction(db, { isolation: 'serializable', retries: 2 }, async (c) => {
        attempts += 1;
        await c.query('SELECT v FROM t WHERE id = 10');
        if (conflictOn(attempts)) {
          const o = other();
          await o.connect();
          await o.query("UPDATE t SET v = v || 'x' WHERE id = 10");
          await o.end();
        }
        await c.query("UPDATE t SET v = 'mine' WHERE id = 10");
      });
      return { run, attempts: () => attempts };
    };
    const once = conflicting((n) => n === 1);
    await once.run;
    expect(once.attempts()).toBe(2);
    expect((await db.pool.query('SELECT v FROM t WHERE id = 10')).rows).toEqual([{ v: 'mine' }]);

    const always = conflicting(() => true);
    await expect(always.run).rejects.toBeInstanceOf(BusyError);
    expect(always.attempts()).toBe(3);
  });

  it('holds advisory locks for the transaction only', async () => {
    const key = advisoryLockKey('forgedb-test');
    const o = other();
    await o.connect();
    try {
      const tryLock = async () =>
        (await o.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1::bigint) AS ok', [key])).rows[0]!
          .ok;
      await withTransaction(db, {}, async (c) => {
        await advisoryXactLock(c, key);
        expect(await tryLock()).toBe(false);
      });
      expect(await tryLock()).toBe(true);
    } finally {
      await o.end();
    }
  });

  it('a connection killed mid-transaction is an UnavailableError, and the pool goes on working', async () => {
    const attempt = withTransaction(db, { retries: 0 }, async (c) => {
      const o = other();
      await o.connect();
      await o.query('SELECT pg_terminate_backend($1)', [
        (await c.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0]!.p,
      ]);
      await o.end();
      await c.query('SELECT 1');
    });
    await expect(attempt).rejects.toBeInstanceOf(UnavailableError);
    expect(
      await withTransaction(db, {}, async (c) => (await c.query<{ n: number }>('SELECT 7 AS n')).rows[0]!.n),
    ).toBe(7);
  });
});

describe('connecting to a server that is not there', () => {
  it('is an UnavailableError naming host and port, never the password', async () => {
    const attempt = openPool('postgres://agent:hunter2@127.0.0.1:1/forgedb');
    await expect(attempt).rejects.toBeInstanceOf(UnavailableError);
    const error = (await attempt.catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('127.0.0.1:1');
    expect(error.message).not.toContain('hunter2');
    expect(JSON.stringify(error)).not.toContain('hunter2');
  });
});
