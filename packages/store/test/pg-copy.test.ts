import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConflictError } from '@forgedb/db-core';
import { openPool, type ForgePgPool } from '@forgedb/db-core/pg';
import { findProjectFile, openDatabase, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';
import { pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamTables, verifyCopy } from '../src/copy/index.js';
import { UnsafeIdError } from '../src/errors.js';
import { openStore } from '../src/open-store.js';
import { copyIntoPg, openPgCopySource } from '../src/pg/index.js';
import { createSqliteCopyTarget, openSqliteCopySource } from '../src/sqlite/index.js';
import { migratedDatabase } from './pg-database.js';

const LEGACY = path.resolve(import.meta.dirname, '../../../fixtures/legacy');
const TABLES = ['features', 'schedules', 'schedule_overrides', 'conversations', 'conversation_messages'];

let database: TestDatabase;
let pool: ForgePgPool;
const dirs: string[] = [];
let counter = 0;

const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'forgedb-copy-'));
  dirs.push(dir);
  return dir;
};

/** Every stored cell of every table the file has, read by SQLite itself: storage class, exact literal, value. */
function storedCells(file: string) {
  const db: SqliteDatabase = openDatabase({ file }, { readonly: true, mustExist: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      const columns = (
        db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]
      ).map((c) => c.name);
      if (columns.length === 0) continue;
      const select = columns.map((c) => `typeof("${c}"), quote("${c}"), "${c}"`).join(', ');
      out[table] = db.prepare(`SELECT ${select} FROM "${table}" ORDER BY id`).raw().safeIntegers(true).all();
      out[`${table} columns`] = columns;
    }
    return out;
  } finally {
    db.close();
  }
}

/** The original's tables and columns, read from the copy: columns a legacy file lacks are the copy's own. */
function storedCellsLike(original: Record<string, unknown[]>, file: string) {
  const db: SqliteDatabase = openDatabase({ file }, { readonly: true, mustExist: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      const columns = original[`${table} columns`] as string[] | undefined;
      if (!columns) continue;
      const select = columns.map((c) => `typeof("${c}"), quote("${c}"), "${c}"`).join(', ');
      out[table] = db.prepare(`SELECT ${select} FROM "${table}" ORDER BY id`).raw().safeIntegers(true).all();
      out[`${table} columns`] = columns;
    }
    return out;
  } finally {
    db.close();
  }
}

/**
 * What the copy must give back: the original's cells, except a NULL in a column forgedb's current
 * schema declares NOT NULL, which comes back as forgedb's own upgrade of the file repairs it.
 */
function expectedBack(dir: string, name: string, kind: 'features' | 'assistant') {
  const original = storedCells(path.join(dir, name));
  const upgradedDir = tempDir();
  const upgradedFile = path.join(upgradedDir, name);
  copyFileSync(path.join(dir, name), upgradedFile);
  const db = openDatabase({ file: upgradedFile });
  upgradeDatabase(db, kind, { backup: false });
  db.close();
  const upgraded = storedCellsLike(original, upgradedFile);
  for (const table of TABLES) {
    const rows = original[table] as unknown[][] | undefined;
    if (!rows) continue;
    rows.forEach((row, r) => {
      for (let i = 0; i < row.length; i += 3) {
        const repaired = (upgraded[table] as unknown[][])[r]!;
        if (row[i] === 'null' && repaired[i] !== 'null') row.splice(i, 3, ...repaired.slice(i, i + 3));
      }
    });
  }
  return original;
}

const backFile = (backDir: string, name: string) => findProjectFile(backDir, name)!;

async function roundTrip(sourceDir: string) {
  const project = `copy_${process.pid}_${++counter}`;
  const source = openSqliteCopySource(sourceDir);
  try {
    await copyIntoPg(pool, { project, source: source.reader, leaseState: source.leaseState });
    const pgSide = await openPgCopySource(pool, { project });
    const backDir = tempDir();
    const target = createSqliteCopyTarget(backDir);
    try {
      await verifyCopy(source.reader, pgSide.reader);
      target.setLeaseState(pgSide.leaseState);
      await streamTables(pgSide.reader, (table, rows) => target.write(table, rows));
      await verifyCopy(target.reader, pgSide.reader);
    } finally {
      target.close();
      await pgSide.close();
    }
    return { project, backDir };
  } finally {
    source.close();
  }
}

function hostileProject(): string {
  const dir = tempDir();
  const features = openDatabase({ file: path.join(dir, 'features.db') });
  features.exec(`
    CREATE TABLE features (id INTEGER NOT NULL, priority INTEGER NOT NULL, category VARCHAR(100) NOT NULL,
      name VARCHAR(255) NOT NULL, description TEXT NOT NULL, steps JSON NOT NULL, passes BOOLEAN,
      in_progress BOOLEAN NOT NULL, dependencies JSON, needs_human_input BOOLEAN NOT NULL,
      human_input_request JSON, human_input_response JSON, testing_in_progress BOOLEAN,
      last_tested_at DATETIME, reviewer TEXT, score REAL, PRIMARY KEY (id));
    INSERT INTO features VALUES
      (1, 1, 'core', 'plain', 'd', '["a", "b"]', 1, 0, '[2, 2, 99, 1.0]', 0, NULL, NULL, 1, '2024-01-02 03:04:05.123456', 'ann', 1.5),
      (2, 2, 'core', 'malformed', x'00ff10', '[not json', NULL, 0, '{oops', 1, '{"b": 1, "a": [1, 2]}', '{"answer":42}', 0, '2024-01-02T03:04:05Z', NULL, 1e308),
      (3, '7', 'c', 'typed', 'e', '[]', 2, 0, 12, 0, 'null', '  {"x": 1}  ', NULL, '2024-01-02 03:04:05', x'cafe', -0.25),
      (4, 3, 'c', 'unicode ✓', 'tab\there', '["\u00e9", {"10": 1, "2": 2, "k": null}]', 0, 1, '[]', 0, NULL, NULL, NULL, NULL, 'ünïcode', NULL);
    CREATE TABLE schedules (id INTEGER NOT NULL, project_name VARCHAR(50) NOT NULL, start_time VARCHAR(5) NOT NULL,
      duration_minutes INTEGER NOT NULL, days_of_week INTEGER NOT NULL, enabled BOOLEAN NOT NULL, yolo_mode BOOLEAN NOT NULL,
      model VARCHAR(50), max_concurrency INTEGER NOT NULL, crash_count INTEGER NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (id));
    INSERT INTO schedules VALUES (5, 'p', '09:00', 60, 127, 1, 0, NULL, 3, 0, '2024-05-06 07:08:09.000001'),
      (9, 'p', '22:30', 30, 1, 0, 1, 'opus', 1, 2, 'yesterday');
    CREATE TABLE schedule_overrides (id INTEGER NOT NULL, schedule_id INTEGER NOT NULL, override_type VARCHAR(10) NOT NULL,
      expires_at DATETIME NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (id));
    INSERT INTO schedule_overrides VALUES (1, 9, 'skip', '2024-05-06 07:08:09.5', '2024-05-06 07:08:09.999999');
  `);
  features.close();
  const assistant = openDatabase({ file: path.join(dir, 'assistant.db') });
  assistant.exec(`
    CREATE TABLE conversations (id INTEGER NOT NULL, project_name VARCHAR(100) NOT NULL, title VARCHAR(200),
      created_at DATETIME, updated_at DATETIME, PRIMARY KEY (id));
    INSERT INTO conversations VALUES (3, 'p', NULL, '2024-01-01 00:00:00.000000', NULL), (4, 'p', 'hi', NULL, '2024-01-01 00:00:00.100000');
    CREATE TABLE conversation_messages (id INTEGER NOT NULL, conversation_id INTEGER NOT NULL, role VARCHAR(20) NOT NULL,
      content TEXT NOT NULL, timestamp DATETIME, PRIMARY KEY (id));
    INSERT INTO conversation_messages VALUES (1, 3, 'user', 'hello', '2024-01-01 00:00:00.000001'), (2, 4, 'assistant', '', NULL);
  `);
  assistant.close();
  return dir;
}

describe.skipIf(pgSkipped())('forgedb copy between SQLite and PostgreSQL', () => {
  beforeAll(async () => {
    database = await migratedDatabase();
    pool = await openPool(database.url, { max: 2 });
  });
  afterAll(async () => {
    await pool?.close();
    await database?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('SQLite -> PostgreSQL -> SQLite gives back every stored value of hostile cells and user columns', async () => {
    const dir = hostileProject();
    const { backDir } = await roundTrip(dir);
    for (const [name, kind] of [
      ['features.db', 'features'],
      ['assistant.db', 'assistant'],
    ] as const) {
      const expected = expectedBack(dir, name, kind);
      expect(storedCellsLike(expected, backFile(backDir, name))).toEqual(expected);
    }
  });

  it.each([
    ['features-v1-oldest.db', 'features.db', 'features'],
    ['features-v7-schedules.db', 'features.db', 'features'],
    ['features-v18-current.db', 'features.db', 'features'],
    ['assistant-current.db', 'assistant.db', 'assistant'],
  ] as const)('the legacy fixture %s comes back with every stored value', async (fixture, name, kind) => {
    const dir = tempDir();
    copyFileSync(path.join(LEGACY, fixture), path.join(dir, name));
    const expected = expectedBack(dir, name, kind);
    const { backDir } = await roundTrip(dir);
    expect(storedCellsLike(expected, backFile(backDir, name))).toEqual(expected);
  });

  it('carries claims, leases, generations and the lease state to PostgreSQL and back', async () => {
    const dir = tempDir();
    copyFileSync(path.join(LEGACY, 'features-v18-current.db'), path.join(dir, 'features.db'));
    const store = await openStore({ projectDir: dir });
    const first = (await store.features.claimNext({ agent: 'a', leaseSeconds: 600 }))!;
    await store.features.claimNext({ agent: 'b' });
    await store.close();
    const source = openSqliteCopySource(dir);
    const sourceLease = source.leaseState!;
    source.close();
    expect(Number(sourceLease.generation)).toBeGreaterThanOrEqual(1);
    const expected = expectedBack(dir, 'features.db', 'features');
    const { project, backDir } = await roundTrip(dir);
    expect(storedCellsLike(expected, backFile(backDir, 'features.db'))).toEqual(expected);
    const { rows } = await pool.pool.query<{ generation: string; epoch: string; graph_version: string }>(
      `SELECT l.generation::text AS generation, l.epoch, p.graph_version::text AS graph_version
         FROM forgedb.lease_state l JOIN forgedb.projects p ON p.id = l.project_id WHERE p.name = $1`,
      [project],
    );
    expect(rows[0]).toMatchObject({ generation: sourceLease.generation, epoch: sourceLease.epoch });
    expect(Number(rows[0]!.graph_version)).toBeGreaterThan(0);
    const back = openSqliteCopySource(backDir);
    try {
      expect(back.leaseState).toEqual(sourceLease);
    } finally {
      back.close();
    }
    // The lease issued on SQLite is still the one in force on PostgreSQL: its holder can finish.
    const pgStore = await openStore({ url: database.url, project, pool: { max: 1 } });
    try {
      await pgStore.features.markPassing(first.feature.id, { lease: first.lease });
      expect((await pgStore.features.get(first.feature.id)).passes).toBe(true);
    } finally {
      await pgStore.close();
    }
  });

  it('copied generations stay below the next claim on PostgreSQL, and the ones PostgreSQL issued below the next claim back on SQLite', async () => {
    const dir = tempDir();
    copyFileSync(path.join(LEGACY, 'features-v18-current.db'), path.join(dir, 'features.db'));
    // Opening it as a store upgrades it: it gets forgedb's lease state.
    await (await openStore({ projectDir: dir })).close();
    const file = openDatabase({ file: path.join(dir, 'features.db') });
    file.prepare('UPDATE "__forgedb_lease_state" SET generation = 7000000000 WHERE id = 1').run();
    file.close();

    const project = `copy_${process.pid}_${++counter}`;
    const source = openSqliteCopySource(dir);
    try {
      await copyIntoPg(pool, { project, source: source.reader, leaseState: source.leaseState });
    } finally {
      source.close();
    }
    // The sequence every claim takes its generation from was moved past the copied ones.
    const { rows } = await pool.pool.query<{ last: string }>(
      'SELECT last_value::text AS last FROM forgedb.claim_generations',
    );
    expect(BigInt(rows[0]!.last)).toBeGreaterThanOrEqual(7_000_000_000n);
    const pgStore = await openStore({ url: database.url, project, pool: { max: 1 } });
    let onPg: number;
    try {
      onPg = (await pgStore.features.claimNext({ agent: 'b' }))!.lease.generation;
      expect(onPg).toBeGreaterThan(7_000_000_000);
    } finally {
      await pgStore.close();
    }

    const pgSide = await openPgCopySource(pool, { project });
    const backDir = tempDir();
    const target = createSqliteCopyTarget(backDir);
    try {
      expect(BigInt(pgSide.leaseState.generation)).toBeGreaterThanOrEqual(BigInt(onPg));
      target.setLeaseState(pgSide.leaseState);
      await streamTables(pgSide.reader, (table, rows) => target.write(table, rows));
    } finally {
      target.close();
      await pgSide.close();
    }
    const back = await openStore({ projectDir: backDir });
    try {
      // A new feature's row has no generation of its own: its first claim is above the lease state.
      const fresh = await back.features.create({
        category: 'c',
        name: 'new',
        description: 'd',
        steps: ['s'],
      });
      expect((await back.features.claim(fresh.id, { agent: 'c' })).lease.generation).toBeGreaterThan(onPg);
    } finally {
      await back.close();
    }
  });

  it('refuses a PostgreSQL project that holds data without replace, and replaces it with replace', async () => {
    const dir = hostileProject();
    const { project, backDir } = await roundTrip(dir);
    const source = openSqliteCopySource(dir);
    try {
      await expect(copyIntoPg(pool, { project, source: source.reader, leaseState: null })).rejects.toThrow(
        ConflictError,
      );
      await copyIntoPg(pool, {
        project,
        source: source.reader,
        leaseState: source.leaseState,
        replace: true,
      });
      const pgSide = await openPgCopySource(pool, { project });
      try {
        await verifyCopy(source.reader, pgSide.reader);
      } finally {
        await pgSide.close();
      }
    } finally {
      source.close();
    }
    expect(() => createSqliteCopyTarget(backDir)).toThrow(ConflictError);
  });

  it('refuses integers beyond the safe range, naming them, and writes nothing', async () => {
    const dir = tempDir();
    const db = openDatabase({ file: path.join(dir, 'features.db') });
    db.exec(`CREATE TABLE features (id INTEGER PRIMARY KEY, priority INTEGER NOT NULL, category TEXT NOT NULL,
      name TEXT NOT NULL, description TEXT NOT NULL, steps JSON NOT NULL, passes BOOLEAN NOT NULL);
      INSERT INTO features VALUES (1, 1, 'c', 'n', 'd', '[]', 0), (9007199254740993, 1, 'c', 'far', 'd', '[]', 0);`);
    db.close();
    const project = `copy_${process.pid}_unsafe`;
    const source = openSqliteCopySource(dir);
    try {
      const error = await copyIntoPg(pool, { project, source: source.reader, leaseState: null }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UnsafeIdError);
      expect((error as UnsafeIdError).ids).toEqual(['9007199254740993']);
      expect((error as Error).message).toContain('features id 9007199254740993 id = 9007199254740993');
      const { rows } = await pool.pool.query('SELECT 1 FROM forgedb.projects WHERE name = $1', [project]);
      expect(rows).toEqual([]);
    } finally {
      source.close();
    }
  });
});
