import { NotFoundError, ValidationError } from '@forgedb/db-core';
import { openDatabase, type SqliteDatabase } from '@forgedb/db-core/sqlite';
import { upgradeDatabase } from '@forgedb/migrate/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SchedulesApi } from '../api.js';
import { manualClock, type ManualClock } from '../clock.js';
import { createSchedulesStore } from './index.js';
import { serializeSchedule } from '../schedules/serialize-schedule.js';

let db: SqliteDatabase;
let clock: ManualClock;
let schedules: SchedulesApi;

beforeEach(() => {
  db = openDatabase(':memory:');
  upgradeDatabase(db, 'features');
  clock = manualClock('2026-01-01 08:00:00.000000');
  schedules = createSchedulesStore(db, clock);
});
afterEach(() => db.close());

const base = { project_name: 'demo', start_time: '09:30', duration_minutes: 120 };
const rawOverrides = () =>
  db
    .prepare('SELECT schedule_id, override_type, expires_at, created_at FROM schedule_overrides ORDER BY id')
    .all();

describe('schedules store (SQLite specifics)', () => {
  it('writes booleans as 0/1 and created_at as SQLAlchemy text from the clock', async () => {
    const s = await schedules.create({ ...base, yolo_mode: true });
    expect(
      db.prepare('SELECT enabled, yolo_mode, created_at, crash_count FROM schedules WHERE id = ?').get(s.id),
    ).toEqual({
      enabled: 1,
      yolo_mode: 1,
      created_at: '2026-01-01 08:00:00.000000',
      crash_count: 0,
    });
    expect(s.created_at).toBe('2026-01-01T08:00:00.000000Z');
  });

  it('reads legacy NULL booleans as false', () => {
    const row = {
      id: 1,
      project_name: 'p',
      start_time: '10:00',
      duration_minutes: 5,
      days_of_week: 1,
      enabled: null,
      yolo_mode: null,
      model: null,
      max_concurrency: 3,
      crash_count: 0,
      created_at: '2025-01-01 00:00:00.5',
    };
    expect(serializeSchedule(row)).toMatchObject({
      enabled: false,
      yolo_mode: false,
      created_at: '2025-01-01T00:00:00.500000Z',
    });
  });

  it('bad values fail at the CHECK constraints and, through the store, earlier with the field named', async () => {
    const s = await schedules.create(base);
    expect(() => db.prepare('UPDATE schedules SET max_concurrency = 9 WHERE id = ?').run(s.id)).toThrow(
      /CHECK/,
    );
    await expect(schedules.update(s.id, { max_concurrency: 9 })).rejects.toThrow(/max_concurrency/);
    await expect(schedules.update(s.id, { max_concurrency: 9 })).rejects.toBeInstanceOf(ValidationError);
    await expect(schedules.get(s.id)).resolves.toMatchObject({ max_concurrency: 3 });
  });

  it('refuses a lone UTF-16 surrogate in project_name or model, naming the field, and writes nothing', async () => {
    await expect(schedules.create({ ...base, project_name: 'demo \udc00' })).rejects.toThrow(
      /Invalid schedule: project_name: contains a lone UTF-16 surrogate/,
    );
    await expect(schedules.create({ ...base, model: '\ud800x' })).rejects.toThrow(/model: contains a lone/);
    const s = await schedules.create(base);
    await expect(schedules.update(s.id, { model: 'm\udfff' })).rejects.toBeInstanceOf(ValidationError);
    expect(db.prepare('SELECT count(*) FROM schedules').pluck().get()).toBe(1);
    await expect(schedules.get(s.id)).resolves.toMatchObject({ model: null });
  });

  it('createOverride stores expiry in the exact text the Python app compares', async () => {
    const s = await schedules.create(base);
    await schedules.createOverride(s.id, 'start', '2026-01-02T11:30:00Z');
    expect(rawOverrides()).toEqual([
      {
        schedule_id: s.id,
        override_type: 'start',
        expires_at: '2026-01-02 11:30:00.000000',
        created_at: '2026-01-01 08:00:00.000000',
      },
    ]);
  });

  it('deleting a schedule cascades to its overrides through the foreign key', async () => {
    const a = await schedules.create(base);
    const b = await schedules.create({ ...base, project_name: 'other' });
    await schedules.createOverride(a.id, 'start', '2026-01-02 00:00:00');
    await schedules.createOverride(a.id, 'stop', '2026-01-02 00:00:00');
    await schedules.createOverride(b.id, 'stop', '2026-01-02 00:00:00');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(await schedules.delete(a.id)).toBe(true);
    expect(rawOverrides()).toEqual([expect.objectContaining({ schedule_id: b.id })]);
  });

  it('ignores orphan overrides left by files written without foreign keys', async () => {
    const s = await schedules.create(base);
    await schedules.createOverride(s.id, 'start', '2027-01-01 00:00:00');
    db.pragma('foreign_keys = OFF');
    db.prepare('DELETE FROM schedules WHERE id = ?').run(s.id);
    db.pragma('foreign_keys = ON');
    expect(rawOverrides()).toHaveLength(1);
    expect(await schedules.activeOverride(s.id)).toBeNull();
  });

  it('refuses unknown fields instead of dropping them silently', async () => {
    await expect(schedules.create({ ...base, duration: 5 } as never)).rejects.toThrow(/duration/);
    const s = await schedules.create(base);
    await expect(schedules.update(s.id, { project_name: 'x' } as never)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(schedules.get(s.id)).resolves.toMatchObject({ project_name: 'demo' });
  });

  it('validates ids before any query', async () => {
    await expect(schedules.get(0)).rejects.toBeInstanceOf(ValidationError);
    await expect(schedules.get(1.5)).rejects.toBeInstanceOf(ValidationError);
    await expect(schedules.get(99)).rejects.toBeInstanceOf(NotFoundError);
  });
});
