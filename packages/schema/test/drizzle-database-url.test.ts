import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseUrl } from '../drizzle.database-url.js';

/*
 * The file drizzle-kit studio opens. `pnpm db:studio` runs inside packages/schema, so the
 * user's directory reaches it only through FORGEDB_INIT_CWD (root scripts) or INIT_CWD.
 */

const saved = { ...process.env };
const savedArgv = process.argv;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'forgedb-dburl-'));
  mkdirSync(path.join(dir, 'sub', 'proj', '.autocoder'), { recursive: true });
  writeFileSync(path.join(dir, 'sub', 'proj', '.autocoder', 'features.db'), '');
  delete process.env.FORGEDB_DB_URL;
  delete process.env.FORGEDB_PROJECT;
  process.env.FORGEDB_INIT_CWD = path.join(dir, 'sub');
  process.env.INIT_CWD = '/somewhere/else';
});

afterEach(() => {
  process.env = { ...saved };
  process.argv = savedArgv;
  rmSync(dir, { recursive: true, force: true });
});

describe('databaseUrl', () => {
  it('resolves FORGEDB_PROJECT against the directory the user ran pnpm in, like the app finds files', () => {
    process.env.FORGEDB_PROJECT = 'proj';
    expect(databaseUrl('features.db')).toBe(path.join(dir, 'sub', 'proj', '.autocoder', 'features.db'));
  });

  it('resolves FORGEDB_DB_URL against that directory too', () => {
    process.env.FORGEDB_DB_URL = 'proj/.autocoder/features.db';
    expect(databaseUrl('features.db')).toBe(path.join(dir, 'sub', 'proj', '.autocoder', 'features.db'));
  });

  it('falls back to INIT_CWD when no root script passed FORGEDB_INIT_CWD', () => {
    delete process.env.FORGEDB_INIT_CWD;
    process.env.INIT_CWD = path.join(dir, 'sub');
    process.env.FORGEDB_PROJECT = 'proj';
    expect(databaseUrl('features.db')).toBe(path.join(dir, 'sub', 'proj', '.autocoder', 'features.db'));
  });

  it('refuses a missing file for studio, naming the path, and creates nothing', () => {
    process.argv = [...savedArgv, 'studio'];
    process.env.FORGEDB_PROJECT = 'proj';
    const missing = path.join(dir, 'sub', 'proj', '.autoforge', 'assistant.db');
    expect(() => databaseUrl('assistant.db')).toThrow(`No assistant.db at ${missing}`);
    expect(() => databaseUrl('assistant.db')).toThrow(/would create an empty one/);
    expect(existsSync(path.join(dir, 'sub', 'proj', '.autoforge'))).toBe(false);
  });
});
