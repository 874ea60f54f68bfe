import { eq } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, writeTransaction, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { serializeFeature } from '../src/contract/serialization.js';
import { loadMigrations } from '../src/migrations/loader.js';
import {
  conversationMessages,
  conversations,
  features,
  scheduleOverrides,
  schedules,
} from '../src/sqlite/tables/index.js';

/*
 * The custom columns against a real SQLite file shape (all features.db migrations applied),
 * with rows written the way the Python app or a damaged file leaves them, read through drizzle.
 */

let sqlite: SqliteDatabase;
let db: BetterSQLite3Database;

function migrate(target: SqliteDatabase, kind: 'features' | 'assistant') {
  writeTransaction(target, () => {
    for (const m of loadMigrations(kind, 'sqlite')) for (const s of m.statements) target.exec(s);
  });
}

beforeEach(() => {
  sqlite = openDatabase(':memory:');
  migrate(sqlite, 'features');
  migrate(sqlite, 'assistant');
  db = drizzle({ client: sqlite });
});

afterEach(() => sqlite.close());

const insertRaw = (id: number, cells: Record<string, string | number | null>) => {
  const row = { id, priority: id, category: 'c', name: `f${id}`, description: 'd', steps: '["s"]', ...cells };
  const cols = Object.keys(row);
  sqlite
    .prepare(`INSERT INTO features (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
    .run(...Object.values(row));
};

describe('boolean', () => {
  it('stores 0/1', () => {
    db.insert(features)
      .values({ id: 1, category: 'c', name: 'n', description: 'd', steps: ['s'], passes: true })
      .run();
    expect(sqlite.prepare('SELECT passes, in_progress, typeof(passes) AS t FROM features').get()).toEqual({
      passes: 1,
      in_progress: 0,
      t: 'integer',
    });
    expect(db.select().from(features).get()?.passes).toBe(true);
  });

  it('reads a legacy NULL as false through serializeFeature', () => {
    // Only legacy shapes allow NULL; drop NOT NULL for this test by rebuilding a minimal legacy table.
    sqlite.exec('DROP TABLE features');
    sqlite.exec(
      'CREATE TABLE features (id INTEGER PRIMARY KEY, priority INTEGER, category VARCHAR(100), name VARCHAR(255), description TEXT, steps JSON, passes BOOLEAN, in_progress BOOLEAN, dependencies JSON, needs_human_input BOOLEAN, human_input_request JSON, human_input_response JSON)',
    );
    sqlite
      .prepare(
        "INSERT INTO features (id, priority, category, name, description, steps) VALUES (1, 1, 'c', 'n', 'd', '[]')",
      )
      .run();
    const rows = sqlite.prepare('SELECT * FROM features').all() as Parameters<typeof serializeFeature>[0][];
    expect(serializeFeature(rows[0]!)).toMatchObject({
      passes: false,
      in_progress: false,
      needs_human_input: false,
    });
  });
});

describe('lenient JSON', () => {
  it('returns every row of a table with malformed and empty JSON cells, reading them as null', () => {
    insertRaw(1, {});
    insertRaw(2, { steps: '["unterminated', human_input_request: '{bad' });
    insertRaw(3, { steps: '', human_input_response: '' });
    insertRaw(4, { human_input_request: 'null', human_input_response: null });
    const rows = db.select().from(features).orderBy(features.id).all();
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => r.steps)).toEqual([['s'], null, null, ['s']]);
    expect(rows[1]?.humanInputRequest).toBeNull();
    expect(rows[2]?.humanInputResponse).toBeNull();
    expect(rows[3]?.humanInputRequest).toBeNull();
    expect(rows.map((r) => serializeFeature(r).steps)).toEqual([['s'], [], [], ['s']]);
  });

  it('writes Python-style JSON text', () => {
    db.insert(features)
      .values({
        id: 1,
        category: 'c',
        name: 'n',
        description: 'd',
        steps: ['a', 'b'],
        humanInputRequest: { prompt: 'p', fields: [] },
      })
      .run();
    expect(sqlite.prepare('SELECT steps, human_input_request AS r FROM features').get()).toEqual({
      steps: '["a", "b"]',
      r: '{"prompt": "p", "fields": []}',
    });
  });
});

describe('dependencies', () => {
  it('normalise on read exactly as docs/contracts.md#feature-results says', () => {
    insertRaw(1, { dependencies: '[1.0, 2, "x", true, [3]]' });
    insertRaw(2, { dependencies: null });
    insertRaw(3, { dependencies: '{}' });
    insertRaw(4, { dependencies: '' });
    insertRaw(5, { dependencies: '[4, 1]' });
    const rows = db.select().from(features).orderBy(features.id).all();
    expect(rows.map((r) => serializeFeature(r).dependencies)).toEqual([[2], [], [], [], [4, 1]]);
    expect(rows[0]?.dependencies).toEqual([2]);
  });

  it('serialise the same from raw rows as from drizzle rows', () => {
    insertRaw(1, {
      dependencies: '[1.0, 2, "x", true, [3]]',
      passes: 1,
      human_input_request: '{"prompt": "p"}',
    });
    const raw = sqlite.prepare('SELECT * FROM features').get() as Parameters<typeof serializeFeature>[0];
    const viaDrizzle = db.select().from(features).get()!;
    expect(serializeFeature(raw)).toEqual(serializeFeature(viaDrizzle));
  });
});

describe('SQLAlchemy DATETIME', () => {
  const original = '2026-11-22 13:57:53.412772';

  it('keeps the exact original text when a row is read and written back untouched', () => {
    sqlite
      .prepare(
        "INSERT INTO schedules (id, project_name, start_time, duration_minutes, created_at) VALUES (1, 'p', '09:00', 60, ?)",
      )
      .run(original);
    sqlite
      .prepare(
        "INSERT INTO schedule_overrides (id, schedule_id, override_type, expires_at, created_at) VALUES (1, 1, 'start', ?, ?)",
      )
      .run(original, original);

    const schedule = db.select().from(schedules).get()!;
    expect(schedule.createdAt).toBe(original);
    const { id, ...rest } = schedule;
    db.update(schedules).set(rest).where(eq(schedules.id, id)).run();

    const override = db.select().from(scheduleOverrides).get()!;
    db.update(scheduleOverrides)
      .set({ expiresAt: override.expiresAt, createdAt: override.createdAt })
      .where(eq(scheduleOverrides.id, 1))
      .run();

    expect(sqlite.prepare('SELECT created_at FROM schedules').get()).toEqual({ created_at: original });
    expect(sqlite.prepare('SELECT expires_at, created_at FROM schedule_overrides').get()).toEqual({
      expires_at: original,
      created_at: original,
    });
  });

  it('fills client-side created_at defaults in the exact format', () => {
    db.insert(schedules).values({ projectName: 'p', startTime: '09:00', durationMinutes: 30 }).run();
    const { created_at } = sqlite.prepare('SELECT created_at FROM schedules').get() as { created_at: string };
    expect(created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
  });

  it('round-trips nullable DATETIME columns of assistant.db', () => {
    db.insert(conversations).values({ id: 1, projectName: 'p', createdAt: original, updatedAt: null }).run();
    db.insert(conversationMessages)
      .values({ conversationId: 1, role: 'user', content: 'hi', timestamp: original })
      .run();
    const conversation = db.select().from(conversations).get()!;
    expect(conversation.createdAt).toBe(original);
    expect(conversation.updatedAt).toBeNull();
    expect(db.select().from(conversationMessages).get()?.timestamp).toBe(original);
  });
});
