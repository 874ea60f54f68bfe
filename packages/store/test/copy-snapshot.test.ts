import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPool, type ForgePgPool } from '@forgedb/db-core/pg';
import { findProjectFile } from '@forgedb/db-core/sqlite';
import { pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COPY_TABLES, copyProject, verifyCopy } from '../src/copy/index.js';
import { openStore } from '../src/open-store.js';
import { openPgCopySource } from '../src/pg/index.js';
import { openSqliteCopySource } from '../src/sqlite/index.js';
import { migratedDatabase } from './pg-database.js';

const FEATURES = 1200;
const PACKAGE_DIR = path.resolve(import.meta.dirname, '..');

/** Another process writing the project while the copy reads it: changes rows copied, not yet copied, and both files. */
const WRITER = `
import Database from 'better-sqlite3';
const [featuresFile, assistantFile] = process.argv.slice(1);
const features = new Database(featuresFile, { timeout: 5000 });
features.prepare("UPDATE features SET name = 'renamed mid-copy' WHERE id = 1").run();
features.prepare('DELETE FROM features WHERE id = (SELECT max(id) FROM features)').run();
features.prepare("INSERT INTO features (priority, category, name, description, steps, passes, in_progress, needs_human_input, claim_generation) VALUES (1, 'late', 'inserted mid-copy', 'd', '[]', 0, 0, 0, 0)").run();
features.close();
const assistant = new Database(assistantFile, { timeout: 5000 });
assistant.prepare("UPDATE conversations SET title = 'retitled mid-copy'").run();
assistant.close();
`;

let database: TestDatabase;
let pool: ForgePgPool;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'forgedb-copy-snapshot-'));
  dirs.push(dir);
  return dir;
};

describe.skipIf(pgSkipped())('a SQLite copy source is read from one snapshot', () => {
  beforeAll(async () => {
    database = await migratedDatabase();
    pool = await openPool(database.url, { max: 1 });
  });
  afterAll(async () => {
    await pool?.close();
    await database?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('copies the project as it was when the copy began while another process writes to it', async () => {
    const dir = tempDir();
    const store = await openStore({ projectDir: dir });
    await store.features.createBulk(
      Array.from({ length: FEATURES }, (_, i) => ({
        category: 'c',
        name: `feature ${i + 1}`,
        description: 'd',
        steps: ['s'],
      })),
    );
    await store.conversations.create({ project_name: 'p', title: 'before' });
    await store.close();
    // The project as the copy must see it: its files once every connection is closed (WAL checkpointed).
    const snapshotDir = tempDir();
    const files = ['features.db', 'assistant.db'].map((name) => findProjectFile(dir, name)!);
    for (const file of files) copyFileSync(file, path.join(snapshotDir, path.basename(file)));

    let wrote = false;
    const project = 'snapshot';
    await copyProject({
      from: { projectDir: dir },
      to: { url: database.url, project },
      onProgress: (table) => {
        if (wrote || table !== 'features') return;
        wrote = true;
        execFileSync(process.execPath, ['--input-type=module', '-e', WRITER, ...files], { cwd: PACKAGE_DIR });
      },
    });
    expect(wrote).toBe(true);

    const now = openSqliteCopySource(dir);
    const snapshot = openSqliteCopySource(snapshotDir);
    const copied = await openPgCopySource(pool, { project });
    try {
      // The writer committed: the project has moved on since the copy began.
      await expect(verifyCopy(now.reader, copied.reader)).rejects.toThrow(/renamed mid-copy/);
      // The copy holds the project as it was, every row and cell.
      await verifyCopy(snapshot.reader, copied.reader);
      const features = await copied.reader.batch(COPY_TABLES[0]!, null, FEATURES + 10);
      expect(features).toHaveLength(FEATURES);
    } finally {
      now.close();
      snapshot.close();
      await copied.close();
    }
  });
});
