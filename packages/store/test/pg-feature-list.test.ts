import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ValidationError } from '@forgedb/db-core';
import { pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/open-store.js';
import { migratedDatabase, newProject } from './pg-database.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/legacy');

let database: TestDatabase;
let dir: string;

describe.skipIf(pgSkipped())('feature_list.json and a PostgreSQL project', () => {
  beforeAll(async () => {
    database = await migratedDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'forgedb-pg-list-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a named file into an empty project, renames it, and exports what SQLite exports, byte for byte', async () => {
    const file = path.join(dir, 'feature_list.json');
    copyFileSync(path.join(FIXTURES, 'feature_list.old.json'), file);
    const project = await newProject(database.url);
    const store = await openStore({ url: database.url, project });
    const sqlite = await openStore({ projectDir: mkdtempSync(path.join(dir, 'sqlite-')) });
    try {
      copyFileSync(file, `${file}.copy`);
      const imported = await store.featureList.import(file);
      expect(imported.imported).toBeGreaterThan(0);
      expect(imported.source).toBe(file);
      expect(existsSync(file)).toBe(false);
      expect(imported.backupFile).toMatch(/feature_list\.json\.backup\.\d{8}_\d{6}$/);
      // A second import into the now non-empty project does nothing.
      copyFileSync(`${file}.copy`, file);
      expect(await store.featureList.import(dir)).toMatchObject({
        imported: 0,
        skipped: 'database_not_empty',
      });

      const sqliteList = mkdtempSync(path.join(dir, 'sqlite-list-'));
      copyFileSync(`${file}.copy`, path.join(sqliteList, 'feature_list.json'));
      expect((await sqlite.featureList.import(sqliteList)).imported).toBe(imported.imported);

      const pgOut = path.join(dir, 'pg-export.json');
      const sqliteOut = path.join(dir, 'sqlite-export.json');
      expect((await store.featureList.export({ outFile: pgOut })).count).toBe(imported.imported);
      await sqlite.featureList.export({ outFile: sqliteOut });
      expect(readFileSync(pgOut, 'utf8')).toBe(readFileSync(sqliteOut, 'utf8'));
    } finally {
      await store.close();
      await sqlite.close();
    }
  });

  it('imports a list longer than one insert chunk, in order, reporting progress', async () => {
    const file = path.join(dir, 'long.json');
    const n = 1201;
    writeFileSync(
      file,
      JSON.stringify(
        Array.from({ length: n }, (_, i) => ({
          id: i + 1,
          priority: n - i,
          name: `F${i + 1}`,
          steps: [`s${i}`],
          passes: i % 3 === 0,
          ...(i > 0 ? { dependencies: [i] } : {}),
        })),
      ),
    );
    const project = await newProject(database.url);
    const store = await openStore({ url: database.url, project });
    try {
      const progress: number[] = [];
      const result = await store.featureList.import(file, { onProgress: (p) => progress.push(p.imported) });
      expect(result.imported).toBe(n);
      expect(progress).toEqual([1000, n]);
      expect(await store.features.stats()).toMatchObject({ total: n, passing: 401 });
      expect(await store.features.get(1201)).toMatchObject({
        priority: 1,
        name: 'F1201',
        steps: ['s1200'],
        passes: true,
        dependencies: [1200],
      });
    } finally {
      await store.close();
    }
  });

  it('needs the file named: there is no project directory on a server', async () => {
    const project = await newProject(database.url);
    const store = await openStore({ url: database.url, project });
    try {
      await expect(store.featureList.import()).rejects.toBeInstanceOf(ValidationError);
      await expect(store.featureList.import()).rejects.toThrow(/--file/);
      await expect(store.featureList.export()).rejects.toBeInstanceOf(ValidationError);
      await expect(store.featureList.export()).rejects.toThrow(/--out/);
      expect(await store.featureList.import(path.join(dir, 'missing.json'))).toEqual({
        imported: 0,
        skipped: 'no_feature_list',
      });
    } finally {
      await store.close();
    }
  });

  it('imports all or nothing: a bad entry leaves the project empty and the file in place', async () => {
    const file = path.join(dir, 'list.json');
    writeFileSync(
      file,
      JSON.stringify([
        { id: 1, name: 'a', steps: ['s'] },
        { id: 1, name: 'duplicate id', steps: ['s'] },
      ]),
    );
    const project = await newProject(database.url);
    const store = await openStore({ url: database.url, project });
    try {
      await expect(store.featureList.import(file)).rejects.toBeInstanceOf(ValidationError);
      expect((await store.features.stats()).total).toBe(0);
      expect(existsSync(file)).toBe(true);
      writeFileSync(file, JSON.stringify([{ id: 1, name: 'a', steps: 'not a list' }]));
      await expect(store.featureList.import(file)).rejects.toBeInstanceOf(ValidationError);
      expect((await store.features.stats()).total).toBe(0);
    } finally {
      await store.close();
    }
  });
});
