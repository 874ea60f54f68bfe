import { sqlaToIso } from '@forgedb/schema';
import type { Schedule, ScheduleOverride } from '../api.js';

/** A schedule row as SQLite returns it: booleans as 0/1 (NULL in some legacy rows), DATETIME as text. */
export interface RawScheduleRow {
  id: number;
  project_name: string;
  start_time: string;
  duration_minutes: number;
  days_of_week: number;
  enabled: number | null;
  yolo_mode: number | null;
  model: string | null;
  max_concurrency: number;
  crash_count: number;
  created_at: string | null;
}

export interface RawOverrideRow {
  id: number;
  schedule_id: number;
  override_type: string;
  expires_at: string | null;
  created_at: string | null;
}

/** NULL booleans from legacy rows read as false, as everywhere else in forgedb. */
const flag = (value: number | null) => value !== null && value !== 0;

export function serializeSchedule(row: RawScheduleRow): Schedule {
  return {
    id: row.id,
    project_name: row.project_name,
    start_time: row.start_time,
    duration_minutes: row.duration_minutes,
    days_of_week: row.days_of_week,
    enabled: flag(row.enabled),
    yolo_mode: flag(row.yolo_mode),
    model: row.model,
    max_concurrency: row.max_concurrency,
    crash_count: row.crash_count,
    created_at: sqlaToIso(row.created_at),
  };
}

export function serializeOverride(row: RawOverrideRow): ScheduleOverride {
  return {
    id: row.id,
    schedule_id: row.schedule_id,
    override_type: row.override_type as ScheduleOverride['override_type'],
    expires_at: sqlaToIso(row.expires_at),
    created_at: sqlaToIso(row.created_at),
  };
}
