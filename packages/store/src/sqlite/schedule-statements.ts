import type { SqliteDatabase } from '@forgedb/db-core/sqlite';
import { CRASH_COUNT_MAX } from '@forgedb/schema';
import type { Statement } from 'better-sqlite3';
import { SCHEDULE_PATCH_COLUMNS } from '../schedules/patch-columns.js';
import { OVERRIDE_COLUMNS, SCHEDULE_COLUMNS } from './columns.js';

export interface ScheduleStatements {
  byId: Statement;
  list: Statement;
  insert: Statement;
  update: Statement;
  delete: Statement;
  incrementCrashCount: Statement;
  resetCrashCount: Statement;
  deleteOverridesOfType: Statement;
  insertOverride: Statement;
  activeOverride: Statement;
  listOverrides: Statement;
  deleteExpiredOverrides: Statement;
}

/**
 * Prepared once per store. `update` is a single statement for every patch shape: each column
 * has a `set_<column>` flag, so an omitted field keeps its value and `model: null` can still
 * clear the model.
 */
export function prepareScheduleStatements(db: SqliteDatabase): ScheduleStatements {
  const returning = `RETURNING ${SCHEDULE_COLUMNS}`;
  const assignments = SCHEDULE_PATCH_COLUMNS.map(
    (c) => `${c} = CASE WHEN @set_${c} THEN @${c} ELSE ${c} END`,
  ).join(', ');
  return {
    byId: db.prepare(`SELECT ${SCHEDULE_COLUMNS} FROM schedules WHERE id = ?`),
    list: db.prepare(
      `SELECT ${SCHEDULE_COLUMNS} FROM schedules
       WHERE (@project IS NULL OR project_name = @project) AND (@enabled_only = 0 OR enabled = 1)
       ORDER BY id`,
    ),
    insert: db.prepare(
      `INSERT INTO schedules (project_name, start_time, duration_minutes, days_of_week, enabled, yolo_mode, model, max_concurrency, crash_count, created_at)
       VALUES (@project_name, @start_time, @duration_minutes, @days_of_week, @enabled, @yolo_mode, @model, @max_concurrency, 0, @created_at)
       ${returning}`,
    ),
    update: db.prepare(`UPDATE schedules SET ${assignments} WHERE id = @id ${returning}`),
    delete: db.prepare('DELETE FROM schedules WHERE id = ?'),
    incrementCrashCount: db
      .prepare(
        `UPDATE schedules SET crash_count = crash_count + 1 WHERE id = ? AND (crash_count IS NULL OR crash_count < ${CRASH_COUNT_MAX}) RETURNING crash_count`,
      )
      .pluck(),
    resetCrashCount: db.prepare('UPDATE schedules SET crash_count = 0 WHERE id = ?'),
    deleteOverridesOfType: db.prepare(
      'DELETE FROM schedule_overrides WHERE schedule_id = ? AND override_type = ?',
    ),
    insertOverride: db.prepare(
      `INSERT INTO schedule_overrides (schedule_id, override_type, expires_at, created_at)
       VALUES (@schedule_id, @override_type, @expires_at, @created_at) RETURNING ${OVERRIDE_COLUMNS}`,
    ),
    // Joined with schedules: files written without foreign keys may hold orphan overrides, which
    // must not make a deleted schedule look overridden.
    activeOverride: db.prepare(
      `SELECT ${OVERRIDE_COLUMNS.split(', ')
        .map((c) => `o.${c}`)
        .join(', ')}
       FROM schedule_overrides o JOIN schedules s ON s.id = o.schedule_id
       WHERE o.schedule_id = ? AND o.expires_at > ?
       ORDER BY o.created_at DESC, o.id DESC LIMIT 1`,
    ),
    listOverrides: db.prepare(
      `SELECT ${OVERRIDE_COLUMNS} FROM schedule_overrides WHERE schedule_id = ? ORDER BY id`,
    ),
    deleteExpiredOverrides: db.prepare('DELETE FROM schedule_overrides WHERE expires_at <= ?'),
  };
}
