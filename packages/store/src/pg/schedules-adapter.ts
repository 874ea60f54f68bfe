import { NotFoundError } from '@forgedb/db-core';
import type { PgClient } from '@forgedb/db-core/pg';
import type { SchedulesAdapter } from '../adapter.js';
import { CRASH_COUNT_MAX } from '@forgedb/schema';
import { crashCountAtLimit } from '../schedules/crash-count.js';
import { SCHEDULE_PATCH_COLUMNS } from '../schedules/patch-columns.js';
import {
  serializeOverride,
  serializeSchedule,
  type RawOverrideRow,
  type RawScheduleRow,
} from '../schedules/serialize-schedule.js';
import { sqlaText, tsParam, type PgContext } from './pg-context.js';

const SCHEDULE_COLUMNS =
  'id, project_name, start_time, duration_minutes, days_of_week, enabled, yolo_mode, model, max_concurrency, ' +
  `crash_count, ${sqlaText('created_at')} AS created_at`;
const OVERRIDE_COLUMNS = `id, schedule_id, override_type, ${sqlaText('expires_at')} AS expires_at, ${sqlaText('created_at')} AS created_at`;

/** pg gives bigint ids as text and booleans natively; the serializer takes SQLite's shapes. */
const scheduleRow = (r: Record<string, unknown>): RawScheduleRow =>
  ({ ...r, id: Number(r.id), enabled: r.enabled ? 1 : 0, yolo_mode: r.yolo_mode ? 1 : 0 }) as RawScheduleRow;
const overrideRow = (r: Record<string, unknown>): RawOverrideRow =>
  ({ ...r, id: Number(r.id), schedule_id: Number(r.schedule_id) }) as RawOverrideRow;

/** Schedules and their manual overrides, scoped by the store's project (docs/contracts.md#6-schedules-and-overrides). */
export function createPgSchedulesAdapter(ctx: PgContext): SchedulesAdapter {
  const { t, projectId } = ctx;
  const byId = async (client: PgClient, id: number) => {
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT ${SCHEDULE_COLUMNS} FROM ${t.schedules} WHERE project_id = $1 AND id = $2`,
      [projectId, id],
    );
    return rows[0];
  };

  return {
    create(data) {
      return ctx.write(async (client, now) => {
        const { rows } = await client.query<Record<string, unknown>>(
          `INSERT INTO ${t.schedules} (project_id, project_name, start_time, duration_minutes, days_of_week, enabled,
                                       yolo_mode, model, max_concurrency, crash_count, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10::timestamptz, $10::timestamptz)
           RETURNING ${SCHEDULE_COLUMNS}`,
          [
            projectId,
            data.project_name,
            data.start_time,
            data.duration_minutes,
            data.days_of_week,
            data.enabled,
            data.yolo_mode,
            data.model,
            data.max_concurrency,
            tsParam(now),
          ],
        );
        return serializeSchedule(scheduleRow(rows[0]!));
      });
    },

    get(id) {
      return ctx.read(async (client) => {
        const found = await byId(client, id);
        return found ? serializeSchedule(scheduleRow(found)) : null;
      });
    },

    list({ project, enabledOnly }) {
      return ctx.read(async (client) => {
        const { rows } = await client.query<Record<string, unknown>>(
          `SELECT ${SCHEDULE_COLUMNS} FROM ${t.schedules}
            WHERE project_id = $1 AND ($2::text IS NULL OR project_name = $2) AND (NOT $3::boolean OR enabled)
            ORDER BY id`,
          [projectId, project, enabledOnly],
        );
        return rows.map((r) => serializeSchedule(scheduleRow(r)));
      });
    },

    update(id, patch) {
      return ctx.write(async (client, now) => {
        const params: unknown[] = [projectId, id, tsParam(now)];
        const sets = ['updated_at = $3::timestamptz'];
        for (const column of SCHEDULE_PATCH_COLUMNS) {
          const value = patch[column];
          if (value === undefined) continue;
          params.push(value);
          sets.push(`${column} = $${params.length}`);
        }
        const { rows } = await client.query<Record<string, unknown>>(
          `UPDATE ${t.schedules} SET ${sets.join(', ')} WHERE project_id = $1 AND id = $2 RETURNING ${SCHEDULE_COLUMNS}`,
          params,
        );
        return rows[0] ? serializeSchedule(scheduleRow(rows[0])) : null;
      });
    },

    delete(id) {
      // The overrides go with it: ON DELETE CASCADE, as on SQLite.
      return ctx.write(async (client) => {
        const { rowCount } = await client.query<Record<string, unknown>>(
          `DELETE FROM ${t.schedules} WHERE project_id = $1 AND id = $2`,
          [projectId, id],
        );
        return (rowCount ?? 0) > 0;
      });
    },

    createOverride(scheduleId, type, expiresAt) {
      return ctx.write(async (client, now) => {
        // Locks the schedule: two replacements of the same type never both survive.
        const { rowCount } = await client.query<Record<string, unknown>>(
          `SELECT 1 FROM ${t.schedules} WHERE project_id = $1 AND id = $2 FOR UPDATE`,
          [projectId, scheduleId],
        );
        if (!rowCount) throw new NotFoundError('schedule', scheduleId);
        await client.query<Record<string, unknown>>(
          `DELETE FROM ${t.overrides} WHERE project_id = $1 AND schedule_id = $2 AND override_type = $3`,
          [projectId, scheduleId, type],
        );
        const { rows } = await client.query<Record<string, unknown>>(
          `INSERT INTO ${t.overrides} (project_id, schedule_id, override_type, expires_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $5::timestamptz) RETURNING ${OVERRIDE_COLUMNS}`,
          [projectId, scheduleId, type, tsParam(expiresAt), tsParam(now)],
        );
        return serializeOverride(overrideRow(rows[0]!));
      });
    },

    activeOverride(scheduleId) {
      return ctx.readAt(async (client, now) => {
        const { rows } = await client.query<Record<string, unknown>>(
          `SELECT ${OVERRIDE_COLUMNS} FROM ${t.overrides}
            WHERE project_id = $1 AND schedule_id = $2 AND expires_at > $3::timestamptz
            ORDER BY created_at DESC, id DESC LIMIT 1`,
          [projectId, scheduleId, tsParam(now)],
        );
        return rows[0] ? serializeOverride(overrideRow(rows[0])) : null;
      });
    },

    listOverrides(scheduleId) {
      return ctx.read(async (client) => {
        const { rows } = await client.query<Record<string, unknown>>(
          `SELECT ${OVERRIDE_COLUMNS} FROM ${t.overrides} WHERE project_id = $1 AND schedule_id = $2 ORDER BY id`,
          [projectId, scheduleId],
        );
        return rows.map((r) => serializeOverride(overrideRow(r)));
      });
    },

    cleanupExpiredOverrides() {
      return ctx.write(async (client, now) => {
        const { rowCount } = await client.query<Record<string, unknown>>(
          `DELETE FROM ${t.overrides} WHERE project_id = $1 AND expires_at <= $2::timestamptz`,
          [projectId, tsParam(now)],
        );
        return rowCount ?? 0;
      });
    },

    incrementCrashCount(id) {
      return ctx.write(async (client, now) => {
        // Both answers in one statement: the counted row, or else the stored count. A schedule
        // deleted by a concurrent transaction while this one waited for its row is still in this
        // statement's snapshot, below the limit: that is "gone" (null), not "at the limit".
        const { rows } = await client.query<{ counted: boolean; crash_count: number }>(
          `WITH counted AS (
             UPDATE ${t.schedules} SET crash_count = crash_count + 1, updated_at = $3::timestamptz
              WHERE project_id = $1 AND id = $2 AND crash_count < ${CRASH_COUNT_MAX} RETURNING crash_count)
           SELECT true AS counted, crash_count FROM counted
           UNION ALL
           SELECT false, crash_count FROM ${t.schedules}
            WHERE project_id = $1 AND id = $2 AND NOT EXISTS (SELECT 1 FROM counted)`,
          [projectId, id, tsParam(now)],
        );
        const row = rows[0];
        if (row?.counted) return row.crash_count;
        if (row && row.crash_count >= CRASH_COUNT_MAX) throw crashCountAtLimit(id);
        return null;
      });
    },

    resetCrashCount(id) {
      return ctx.write(async (client, now) => {
        const { rowCount } = await client.query<Record<string, unknown>>(
          `UPDATE ${t.schedules} SET crash_count = 0, updated_at = $3::timestamptz WHERE project_id = $1 AND id = $2`,
          [projectId, id, tsParam(now)],
        );
        return (rowCount ?? 0) > 0;
      });
    },
  };
}
