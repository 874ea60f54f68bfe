import type Database from 'better-sqlite3';
import { immediate } from './connection.js';

/**
 * The oldest shape brought to the current one by hand: the columns, the NULL repair, the
 * missing tables and indexes, one transaction. No inspection, no plan, no history table.
 */
const STATEMENTS = [
  'ALTER TABLE features ADD COLUMN in_progress BOOLEAN NOT NULL DEFAULT 0',
  'ALTER TABLE features ADD COLUMN dependencies JSON',
  'ALTER TABLE features ADD COLUMN needs_human_input BOOLEAN NOT NULL DEFAULT 0',
  'ALTER TABLE features ADD COLUMN human_input_request JSON',
  'ALTER TABLE features ADD COLUMN human_input_response JSON',
  'ALTER TABLE features ADD COLUMN claimed_by VARCHAR(255)',
  'ALTER TABLE features ADD COLUMN claimed_at DATETIME',
  'ALTER TABLE features ADD COLUMN lease_expires_at DATETIME',
  'ALTER TABLE features ADD COLUMN claim_generation INTEGER NOT NULL DEFAULT 0',
  'UPDATE features SET passes = 0 WHERE passes IS NULL',
  `CREATE TABLE schedules (id INTEGER PRIMARY KEY NOT NULL, project_name VARCHAR(50) NOT NULL, start_time VARCHAR(5) NOT NULL,
     duration_minutes INTEGER NOT NULL, days_of_week INTEGER DEFAULT 127 NOT NULL, enabled BOOLEAN DEFAULT 1 NOT NULL,
     yolo_mode BOOLEAN DEFAULT 0 NOT NULL, model VARCHAR(50), max_concurrency INTEGER DEFAULT 3 NOT NULL,
     crash_count INTEGER DEFAULT 0 NOT NULL, created_at DATETIME NOT NULL)`,
  `CREATE TABLE schedule_overrides (id INTEGER PRIMARY KEY NOT NULL, schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
     override_type VARCHAR(10) NOT NULL, expires_at DATETIME NOT NULL, created_at DATETIME NOT NULL)`,
  'CREATE INDEX ix_feature_status ON features (passes, in_progress, needs_human_input)',
  'CREATE INDEX ix_features_in_progress ON features (in_progress)',
  'CREATE INDEX ix_features_needs_human_input ON features (needs_human_input)',
  'CREATE INDEX ix_schedules_enabled ON schedules (enabled)',
  'CREATE INDEX ix_schedules_id ON schedules (id)',
  'CREATE INDEX ix_schedules_project_name ON schedules (project_name)',
  'CREATE INDEX ix_schedule_overrides_id ON schedule_overrides (id)',
];

export function rawUpgrade(db: Database.Database): void {
  immediate(db, () => {
    for (const s of STATEMENTS) db.exec(s);
  });
}
