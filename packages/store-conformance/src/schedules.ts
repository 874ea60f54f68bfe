import { ConflictError, NotFoundError, ValidationError } from '@forgedb/db-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScheduleCreate, SchedulesApi } from '@forgedb/store';
import type { StoreFactory, StoreFixture } from './types.js';

const T0 = '2026-03-02 08:00:00.000000';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const SCHEDULE_KEYS = [
  'id',
  'project_name',
  'start_time',
  'duration_minutes',
  'days_of_week',
  'enabled',
  'yolo_mode',
  'model',
  'max_concurrency',
  'crash_count',
  'created_at',
];

const base: ScheduleCreate = { project_name: 'demo', start_time: '09:30', duration_minutes: 120 };

/** Schedules and overrides (docs/contracts.md#6-schedules-and-overrides) through the public API only, so every dialect can run it. */
export function schedulesSuite(factory: StoreFactory): void {
  let fx: StoreFixture;
  let schedules: SchedulesApi;
  beforeEach(async () => {
    fx = await factory();
    fx.clock.set(T0);
    schedules = fx.store.schedules;
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  describe('create, get, list', () => {
    it('creates with the Python defaults and ISO timestamps from the store clock', async () => {
      const s = await schedules.create(base);
      expect(Object.keys(s).sort()).toEqual([...SCHEDULE_KEYS].sort());
      expect(s).toMatchObject({
        project_name: 'demo',
        start_time: '09:30',
        duration_minutes: 120,
        days_of_week: 127,
        enabled: true,
        yolo_mode: false,
        model: null,
        max_concurrency: 3,
        crash_count: 0,
        created_at: '2026-03-02T08:00:00.000000Z',
      });
      expect(s.created_at).toMatch(ISO);
      expect(await schedules.get(s.id)).toEqual(s);
    });

    it('keeps every field given', async () => {
      const s = await schedules.create({
        ...base,
        days_of_week: 31,
        enabled: false,
        yolo_mode: true,
        model: 'claude-opus',
        max_concurrency: 5,
      });
      expect(await schedules.get(s.id)).toMatchObject({
        days_of_week: 31,
        enabled: false,
        yolo_mode: true,
        model: 'claude-opus',
        max_concurrency: 5,
      });
    });

    it('lists by id, filtered by project and enabled', async () => {
      const a = await schedules.create(base);
      const b = await schedules.create({ ...base, project_name: 'other' });
      const c = await schedules.create({ ...base, enabled: false });
      expect((await schedules.list()).map((s) => s.id)).toEqual([a.id, b.id, c.id]);
      expect((await schedules.list({ projectName: 'demo' })).map((s) => s.id)).toEqual([a.id, c.id]);
      expect((await schedules.list({ enabledOnly: true })).map((s) => s.id)).toEqual([a.id, b.id]);
      expect((await schedules.list({ projectName: 'demo', enabledOnly: true })).map((s) => s.id)).toEqual([
        a.id,
      ]);
      expect(await schedules.list({ projectName: 'nobody' })).toEqual([]);
    });

    it.each([
      ['start_time "24:00"', { start_time: '24:00' }, 'start_time'],
      ['start_time "9:30"', { start_time: '9:30' }, 'start_time'],
      ['duration 0', { duration_minutes: 0 }, 'duration_minutes'],
      ['duration 1441', { duration_minutes: 1441 }, 'duration_minutes'],
      ['a fractional duration', { duration_minutes: 1.5 }, 'duration_minutes'],
      ['days_of_week 128', { days_of_week: 128 }, 'days_of_week'],
      ['days_of_week -1', { days_of_week: -1 }, 'days_of_week'],
      ['max_concurrency 0', { max_concurrency: 0 }, 'max_concurrency'],
      ['max_concurrency 6', { max_concurrency: 6 }, 'max_concurrency'],
      ['an empty project name', { project_name: '' }, 'project_name'],
      ['a 51-character project name', { project_name: 'p'.repeat(51) }, 'project_name'],
      ['a 51-character model', { model: 'm'.repeat(51) }, 'model'],
      ['enabled "yes"', { enabled: 'yes' }, 'enabled'],
    ])('refuses %s with a ValidationError naming the field, creating nothing', async (_, bad, field) => {
      const attempt = schedules.create({ ...base, ...bad } as ScheduleCreate);
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toThrow(field);
      expect(await schedules.list()).toEqual([]);
    });

    it('get of a missing schedule is NotFoundError; a bad id is ValidationError', async () => {
      await expect(schedules.get(404)).rejects.toBeInstanceOf(NotFoundError);
      await expect(schedules.get(-1)).rejects.toBeInstanceOf(ValidationError);
    });
  });

  describe('update and delete', () => {
    it('changes only the fields given; model null clears the model', async () => {
      const s = await schedules.create({ ...base, model: 'sonnet', days_of_week: 5 });
      const updated = await schedules.update(s.id, { duration_minutes: 60, enabled: false });
      expect(updated).toEqual({ ...s, duration_minutes: 60, enabled: false });
      expect(await schedules.update(s.id, { model: null })).toEqual({ ...updated, model: null });
      expect(await schedules.update(s.id, {})).toEqual({ ...updated, model: null });
      expect(await schedules.get(s.id)).toEqual({ ...updated, model: null });
    });

    it('refuses invalid patches without changing anything', async () => {
      const s = await schedules.create(base);
      await expect(schedules.update(s.id, { start_time: '25:00' })).rejects.toBeInstanceOf(ValidationError);
      await expect(schedules.update(s.id, { crash_count: -1 })).rejects.toThrow('crash_count');
      // Past PostgreSQL's integer column: the same ValidationError on both dialects.
      const tooMany = schedules.update(s.id, { crash_count: 2 ** 31 });
      await expect(tooMany).rejects.toBeInstanceOf(ValidationError);
      await expect(tooMany).rejects.toThrow('crash_count');
      await expect(
        schedules.update(s.id, { duration_minutes: 60, max_concurrency: 9 }),
      ).rejects.toBeInstanceOf(ValidationError);
      expect(await schedules.get(s.id)).toEqual(s);
    });

    it('stores the largest crash_count both dialects hold', async () => {
      const s = await schedules.create(base);
      expect((await schedules.update(s.id, { crash_count: 2 ** 31 - 1 })).crash_count).toBe(2 ** 31 - 1);
      expect((await schedules.get(s.id)).crash_count).toBe(2 ** 31 - 1);
    });

    it('update of a missing schedule is NotFoundError', async () => {
      await expect(schedules.update(404, { enabled: false })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('delete returns true once, then false; the overrides go with the schedule', async () => {
      const s = await schedules.create(base);
      const other = await schedules.create(base);
      await schedules.createOverride(s.id, 'start', '2026-03-02 12:00:00');
      await schedules.createOverride(s.id, 'stop', '2026-03-02 12:00:00');
      await schedules.createOverride(other.id, 'stop', '2026-03-02 12:00:00');
      expect(await schedules.delete(s.id)).toBe(true);
      expect(await schedules.delete(s.id)).toBe(false);
      await expect(schedules.get(s.id)).rejects.toBeInstanceOf(NotFoundError);
      expect(await schedules.listOverrides(s.id)).toEqual([]);
      expect(await schedules.activeOverride(s.id)).toBeNull();
      expect(await schedules.listOverrides(other.id)).toHaveLength(1);
      // Only expired overrides of the remaining schedule are left to clean up, none of the deleted one's.
      fx.clock.set('2026-03-03 00:00:00.000000');
      expect(await schedules.cleanupExpiredOverrides()).toBe(1);
    });
  });

  describe('weekdays', () => {
    it('is active on weekday w when bit w is set (0 = Monday)', async () => {
      const weekdays = await schedules.create({ ...base, days_of_week: 31 });
      expect([0, 1, 2, 3, 4, 5, 6].map((w) => schedules.isActiveOn(weekdays, w))).toEqual([
        true,
        true,
        true,
        true,
        true,
        false,
        false,
      ]);
      expect(schedules.isActiveOn({ days_of_week: 64 }, 6)).toBe(true);
      expect(schedules.isActiveOn({ days_of_week: 0 }, 0)).toBe(false);
    });

    it('refuses a weekday outside 0..6', () => {
      expect(() => schedules.isActiveOn({ days_of_week: 127 }, 7)).toThrow(ValidationError);
      expect(() => schedules.isActiveOn({ days_of_week: 127 }, -1)).toThrow(ValidationError);
    });
  });

  describe('overrides', () => {
    it('creates an override with ISO timestamps; expiry given as Date, DATETIME text or ISO', async () => {
      const s = await schedules.create(base);
      const o = await schedules.createOverride(s.id, 'start', new Date(Date.UTC(2026, 2, 2, 11, 30)));
      expect(o).toEqual({
        id: o.id,
        schedule_id: s.id,
        override_type: 'start',
        expires_at: '2026-03-02T11:30:00.000000Z',
        created_at: '2026-03-02T08:00:00.000000Z',
      });
      expect((await schedules.createOverride(s.id, 'start', '2026-03-02 11:30:00.123456')).expires_at).toBe(
        '2026-03-02T11:30:00.123456Z',
      );
      expect((await schedules.createOverride(s.id, 'start', '2026-03-02T12:30:00+01:00')).expires_at).toBe(
        '2026-03-02T11:30:00.000000Z',
      );
    });

    it('replaces existing overrides of the same type only', async () => {
      const s = await schedules.create(base);
      await schedules.createOverride(s.id, 'start', '2026-03-02 10:00:00');
      const stop = await schedules.createOverride(s.id, 'stop', '2026-03-02 10:00:00');
      const start = await schedules.createOverride(s.id, 'start', '2026-03-02 11:00:00');
      expect(await schedules.listOverrides(s.id)).toEqual([stop, start]);
    });

    it('is active while expires_at > now and not at or after expiry', async () => {
      const s = await schedules.create(base);
      const o = await schedules.createOverride(s.id, 'stop', '2026-03-02 09:00:00');
      expect(await schedules.activeOverride(s.id)).toEqual(o);
      fx.clock.set('2026-03-02 08:59:59.999000');
      expect(await schedules.activeOverride(s.id)).toEqual(o);
      fx.clock.set('2026-03-02 09:00:00.000000');
      expect(await schedules.activeOverride(s.id)).toBeNull();
    });

    it('returns the newest active override', async () => {
      const s = await schedules.create(base);
      await schedules.createOverride(s.id, 'start', '2026-03-02 12:00:00');
      fx.clock.advance(60);
      const stop = await schedules.createOverride(s.id, 'stop', '2026-03-02 12:00:00');
      expect(await schedules.activeOverride(s.id)).toEqual(stop);
    });

    it('cleanup deletes expired overrides (expires_at <= now) and counts them', async () => {
      const a = await schedules.create(base);
      const b = await schedules.create(base);
      await schedules.createOverride(a.id, 'start', '2026-03-02 09:00:00');
      await schedules.createOverride(a.id, 'stop', '2026-03-02 10:00:00');
      const kept = await schedules.createOverride(b.id, 'stop', '2026-03-02 10:00:00.000001');
      expect(await schedules.cleanupExpiredOverrides()).toBe(0);
      fx.clock.set('2026-03-02 10:00:00.000000');
      expect(await schedules.cleanupExpiredOverrides()).toBe(2);
      expect(await schedules.listOverrides(a.id)).toEqual([]);
      expect(await schedules.listOverrides(b.id)).toEqual([kept]);
    });

    it('createOverride for a missing schedule is NotFoundError; lookups are no-ops', async () => {
      await expect(schedules.createOverride(404, 'start', '2026-03-02 10:00:00')).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect(await schedules.activeOverride(404)).toBeNull();
      expect(await schedules.listOverrides(404)).toEqual([]);
    });

    it.each([
      ['an unknown type', 'pause', '2026-03-02 10:00:00'],
      ['an impossible date', 'start', '2026-02-30 10:00:00'],
      ['free text', 'start', 'in an hour'],
    ])('refuses %s with a ValidationError and keeps the existing override', async (_, type, expires) => {
      const s = await schedules.create(base);
      const existing = await schedules.createOverride(s.id, 'start', '2026-03-02 10:00:00');
      await expect(schedules.createOverride(s.id, type as 'start', expires)).rejects.toBeInstanceOf(
        ValidationError,
      );
      expect(await schedules.listOverrides(s.id)).toEqual([existing]);
    });
  });

  describe('crash count', () => {
    it('increments, returns the new count, and resets to 0', async () => {
      const s = await schedules.create(base);
      expect(await schedules.incrementCrashCount(s.id)).toBe(1);
      expect(await schedules.incrementCrashCount(s.id)).toBe(2);
      expect((await schedules.get(s.id)).crash_count).toBe(2);
      expect(await schedules.resetCrashCount(s.id)).toBe(true);
      expect((await schedules.get(s.id)).crash_count).toBe(0);
    });

    it('refuses to count past the largest crash_count both dialects store, with a ConflictError, and keeps the count', async () => {
      const s = await schedules.create(base);
      await schedules.update(s.id, { crash_count: 2 ** 31 - 1 });
      const refused = schedules.incrementCrashCount(s.id);
      await expect(refused).rejects.toBeInstanceOf(ConflictError);
      await expect(refused).rejects.toMatchObject({ reason: 'crash_count_at_limit' });
      expect((await schedules.get(s.id)).crash_count).toBe(2 ** 31 - 1);
      expect(await schedules.resetCrashCount(s.id)).toBe(true);
      expect(await schedules.incrementCrashCount(s.id)).toBe(1);
    });

    it('is a no-op for a missing schedule', async () => {
      expect(await schedules.incrementCrashCount(404)).toBeNull();
      expect(await schedules.resetCrashCount(404)).toBe(false);
    });

    it('concurrent increments are not lost', async () => {
      const s = await schedules.create(base);
      await Promise.all(Array.from({ length: 20 }, () => schedules.incrementCrashCount(s.id)));
      expect((await schedules.get(s.id)).crash_count).toBe(20);
    });
  });
}
