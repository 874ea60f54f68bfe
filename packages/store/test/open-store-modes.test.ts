import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NotFoundError, SchemaError, ValidationError } from '@forgedb/db-core';
import type { UpgradeResult } from '@forgedb/migrate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/open-store.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/legacy');
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const journalMode = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return String(db.pragma('journal_mode', { simple: true }));
  } finally {
    db.close();
  }
};
const item = (name: string) => ({ category: 'c', name, description: 'd', steps: ['s'] });

describe('openStore modes', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'forgedb-store-modes-'));
    file = path.join(dir, 'features.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('readOnly', () => {
    it('on a legacy file refuses every operation but the export with a SchemaError naming `forgedb migrate`, changing no byte', async () => {
      copyFileSync(path.join(FIXTURES, 'features-v1-oldest.db'), file);
      const before = digest(file);
      const store = await openStore({ file, readOnly: true });
      try {
        for (const attempt of [
          store.features.stats(),
          store.features.claimNext({ agent: 'a' }),
          store.schedules.list(),
        ]) {
          await expect(attempt).rejects.toBeInstanceOf(SchemaError);
          await expect(attempt).rejects.toThrow(/legacy.*forgedb migrate/s);
        }
        const out = path.join(dir, 'out.json');
        const exported = await store.featureList.export({ outFile: out });
        expect(exported.count).toBeGreaterThan(0);
        expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveLength(exported.count);
      } finally {
        await store.close();
      }
      expect(digest(file)).toBe(before);
      expect(readdirSync(dir).sort()).toEqual(['features.db', 'out.json']);
    });

    it('serves a current file without changing its journal mode, and refuses writes', async () => {
      const writer = await openStore({ file, open: { journalMode: 'DELETE' } });
      await writer.features.create(item('A'));
      await writer.close();
      const before = digest(file);

      const reader = await openStore({ file, readOnly: true });
      expect((await reader.features.stats()).total).toBe(1);
      expect((await reader.features.ready()).features.map((f) => f.name)).toEqual(['A']);
      await expect(reader.features.create(item('B'))).rejects.toThrow();
      await reader.close();
      expect(journalMode(file)).toBe('delete');
      expect(digest(file)).toBe(before);
    });

    it('on a WAL file leaves no -wal or -shm behind once closed, and no byte changed', async () => {
      const writer = await openStore({ file, open: { journalMode: 'WAL' } });
      await writer.features.create(item('A'));
      await writer.close();
      expect(readdirSync(dir)).toEqual(['features.db']);
      const before = digest(file);

      const reader = await openStore({ file, readOnly: true });
      expect((await reader.features.ready()).features.map((f) => f.name)).toEqual(['A']);
      await reader.close();
      expect(readdirSync(dir)).toEqual(['features.db']);
      expect(digest(file)).toBe(before);
    });

    it('never creates anything: a missing file or directory is a NotFoundError', async () => {
      await expect(openStore({ file, readOnly: true })).rejects.toBeInstanceOf(NotFoundError);
      const project = path.join(dir, 'no-such-project');
      await expect(openStore({ projectDir: project, readOnly: true })).rejects.toBeInstanceOf(NotFoundError);
      expect(readdirSync(dir)).toEqual([]);
    });

    it('refuses an in-memory store, which would start empty', async () => {
      await expect(openStore({ memory: true, readOnly: true })).rejects.toBeInstanceOf(ValidationError);
    });
  });

  it('reports an upgrade on open through onUpgrade, once', async () => {
    copyFileSync(path.join(FIXTURES, 'features-v1-oldest.db'), file);
    const reports: UpgradeResult[] = [];
    const store = await openStore({ file, onUpgrade: (r) => reports.push(r) });
    await store.close();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ kind: 'features', file, shapeBefore: 'legacy', changed: true });
    const again = await openStore({ file, onUpgrade: (r) => reports.push(r) });
    await again.close();
    expect(reports).toHaveLength(1);
  });

  it('switches to WAL only after a successful upgrade: a refused legacy file keeps its journal and bytes', async () => {
    copyFileSync(path.join(FIXTURES, 'features-v1-oldest.db'), file);
    // A user's own claimed_by column conflicts with the one forgedb's migration adds.
    const db = new Database(file);
    db.exec('ALTER TABLE features ADD COLUMN claimed_by INTEGER');
    db.close();
    const before = digest(file);
    expect(journalMode(file)).toBe('delete');

    await expect(openStore({ file, open: { journalMode: 'WAL' } })).rejects.toBeInstanceOf(SchemaError);
    expect(digest(file)).toBe(before);
    expect(journalMode(file)).toBe('delete');
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a server url that is not postgres://, or one without a project, with a typed error', async () => {
    const notPg = openStore({ url: 'mysql://localhost/forgedb', project: 'p' });
    await expect(notPg).rejects.toBeInstanceOf(ValidationError);
    await expect(notPg).rejects.toThrow(/postgres:\/\//);
    const noProject = openStore({ url: 'postgres://localhost/forgedb', project: '' });
    await expect(noProject).rejects.toBeInstanceOf(ValidationError);
    await expect(noProject).rejects.toThrow(/name of its project/);
  });

  it('imports and exports feature_list.json through store.featureList', async () => {
    copyFileSync(path.join(FIXTURES, 'feature_list.old.json'), path.join(dir, 'feature_list.json'));
    const store = await openStore({ projectDir: dir });
    try {
      const imported = await store.featureList.import();
      expect(imported.imported).toBeGreaterThan(0);
      expect(imported.source).toBe(path.join(dir, 'feature_list.json'));
      expect(existsSync(path.join(dir, 'feature_list.json'))).toBe(false);
      expect((await store.features.stats()).total).toBe(imported.imported);

      const exported = await store.featureList.export();
      expect(exported).toEqual({
        file: path.join(dir, 'feature_list_export.json'),
        count: imported.imported,
      });
      const written = JSON.parse(readFileSync(exported.file, 'utf8')) as { id: number }[];
      expect(written).toHaveLength(imported.imported);
      expect(written.map((f) => f.id)).toEqual(
        (await store.features.list({ limit: 500 })).items.map((f) => f.id),
      );
    } finally {
      await store.close();
    }
  });
});
