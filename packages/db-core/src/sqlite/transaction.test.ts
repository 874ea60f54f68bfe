import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '@forgedb/test-utils';
import { BusyError, ConstraintError } from '../errors/index.js';
import { AsyncTransactionError } from './errors.js';
import { openDatabase, type SqliteDatabase } from './open.js';
import { insideCallersTransaction, readTransaction, writeTransaction } from './transaction.js';

let file: string;
let db: SqliteDatabase;
let other: SqliteDatabase;

beforeEach(() => {
  file = path.join(tempDir(), 'features.db');
  db = openDatabase({ file }, { journalMode: 'WAL' });
  db.exec(`
    CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
    INSERT INTO counter VALUES (1, 0);
    CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id),
      qty INTEGER CONSTRAINT qty_positive CHECK (qty > 0));
  `);
  // A second connection that does not wait for locks: contention shows up at once, not after 30 s.
  other = openDatabase({ file }, { journalMode: 'WAL', busyTimeoutMs: 0 });
});
afterEach(() => {
  db.close();
  other.close();
  removeTempDirs();
});

const count = (conn: SqliteDatabase) =>
  (conn.prepare('SELECT n FROM counter WHERE id = 1').get() as { n: number }).n;
const bump = (conn: SqliteDatabase) => conn.prepare('UPDATE counter SET n = n + 1 WHERE id = 1').run();

describe('writeTransaction', () => {
  it('commits and returns the callback’s value', () => {
    const result = writeTransaction(db, (tx) => {
      bump(tx);
      return 'done';
    });
    expect(result).toBe('done');
    expect(count(other)).toBe(1);
    expect(db.inTransaction).toBe(false);
  });

  it('takes the write lock at BEGIN, before the first write: another writer is refused even while only reading', () => {
    writeTransaction(db, (tx) => {
      expect(tx.inTransaction).toBe(true);
      count(tx); // only a read so far
      let error: unknown;
      try {
        writeTransaction(other, bump);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BusyError);
      expect((error as BusyError).code).toBe('BUSY');
      expect((error as BusyError).target).toBe(file);
      expect((error as Error).message).toContain(file);
      // Readers are not blocked under WAL.
      expect(count(other)).toBe(0);
    });
    writeTransaction(other, bump);
    expect(count(db)).toBe(1);
  });

  it('a BUSY raised inside the body is not retried: the body ran once, and the error propagates', () => {
    let runs = 0;
    let error: unknown;
    try {
      writeTransaction(db, (tx) => {
        runs++;
        bump(tx);
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BusyError);
    expect(runs).toBe(1);
    expect(count(db)).toBe(0);
    expect(db.inTransaction).toBe(false);
  });

  it('a deferred read transaction takes no write lock', () => {
    readTransaction(db, (tx) => {
      count(tx);
      writeTransaction(other, bump);
    });
    expect(count(db)).toBe(1);
  });

  it('rolls back everything when the callback throws, and rethrows the same error', () => {
    const boom = new Error('boom');
    expect(() =>
      writeTransaction(db, (tx) => {
        bump(tx);
        throw boom;
      }),
    ).toThrow(boom);
    expect(count(db)).toBe(0);
    expect(db.inTransaction).toBe(false);
  });

  it('nested calls are savepoints: an inner failure that is caught undoes only the inner part', () => {
    writeTransaction(db, (tx) => {
      bump(tx);
      try {
        writeTransaction(tx, (inner) => {
          bump(inner);
          throw new Error('inner');
        });
      } catch {
        // the outer transaction carries on
      }
    });
    expect(count(db)).toBe(1);
  });

  it('refuses an async callback before running any of it', () => {
    let ran = false;
    const asyncFn = async (tx: SqliteDatabase) => {
      ran = true;
      bump(tx);
      await Promise.resolve();
    };
    expect(() => writeTransaction(db, asyncFn)).toThrow(AsyncTransactionError);
    expect(() => readTransaction(db, asyncFn)).toThrow(AsyncTransactionError);
    expect(ran).toBe(false);
    expect(count(db)).toBe(0);
    expect(db.inTransaction).toBe(false);
  });

  it('the async refusal says why', () => {
    try {
      void writeTransaction(db, async () => undefined);
      expect.unreachable();
    } catch (error) {
      expect((error as AsyncTransactionError).code).toBe('ASYNC_TRANSACTION');
      expect((error as Error).message).toMatch(/synchronous/);
    }
  });

  it('rolls back a plain function that returns a promise', () => {
    const returnsPromise = (tx: SqliteDatabase) => {
      bump(tx);
      return Promise.resolve(1);
    };
    expect(() => writeTransaction(db, returnsPromise)).toThrow(AsyncTransactionError);
    expect(count(db)).toBe(0);
    expect(db.inTransaction).toBe(false);
    // The connection is still usable.
    writeTransaction(db, bump);
    expect(count(db)).toBe(1);
  });

  it('a rejected promise returned by the callback does not become an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      expect(() => writeTransaction(db, () => Promise.reject(new Error('late')))).toThrow(
        AsyncTransactionError,
      );
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  describe('constraint violations become ConstraintError naming the constraint, and roll back', () => {
    it.each([
      ['UNIQUE', () => db.prepare("INSERT INTO parent (id, name) VALUES (2, 'a')").run(), 'parent.name'],
      ['NOT NULL', () => db.prepare('INSERT INTO parent (id, name) VALUES (2, NULL)').run(), 'parent.name'],
      ['CHECK', () => db.prepare('INSERT INTO child (parent_id, qty) VALUES (1, 0)').run(), 'qty_positive'],
      [
        'FOREIGN KEY',
        () => db.prepare('INSERT INTO child (parent_id, qty) VALUES (99, 1)').run(),
        'FOREIGN KEY',
      ],
      ['PRIMARY KEY', () => db.prepare("INSERT INTO parent (id, name) VALUES (1, 'b')").run(), 'parent.id'],
    ])('%s', (_, violate, constraint) => {
      db.prepare("INSERT INTO parent (id, name) VALUES (1, 'a')").run();
      let error: unknown;
      try {
        writeTransaction(db, (tx) => {
          bump(tx);
          violate();
        });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConstraintError);
      expect((error as ConstraintError).code).toBe('CONSTRAINT');
      expect((error as ConstraintError).constraint).toBe(constraint);
      expect((error as Error).message).toContain(constraint);
      expect((error as Error).message).toContain(file);
      expect((error as Error & { cause: { code: string } }).cause.code).toMatch(/^SQLITE_CONSTRAINT/);
      expect(count(db)).toBe(0);
    });
  });
});

describe('readTransaction', () => {
  it('sees one snapshot while another connection commits', () => {
    const seen = readTransaction(db, (tx) => {
      const before = count(tx);
      writeTransaction(other, bump);
      return [before, count(tx)];
    });
    expect(seen).toEqual([0, 0]);
    expect(count(db)).toBe(1);
  });
});

describe('insideCallersTransaction', () => {
  it('is true only inside a transaction the caller began, whether or not our calls are nested in it', () => {
    expect(insideCallersTransaction(db)).toBe(false);
    const seen: boolean[] = [];
    writeTransaction(db, () => {
      seen.push(insideCallersTransaction(db));
      readTransaction(db, () => seen.push(insideCallersTransaction(db)));
    });
    readTransaction(db, () => seen.push(insideCallersTransaction(db)));
    db.exec('BEGIN');
    seen.push(insideCallersTransaction(db));
    writeTransaction(db, () => seen.push(insideCallersTransaction(db)));
    db.exec('ROLLBACK');
    expect(() =>
      writeTransaction(db, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    seen.push(insideCallersTransaction(db));
    expect(seen).toEqual([false, false, false, true, true, false]);
  });
});
