import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrationsFolder } from '@forgedb/schema';
import { tempDir } from '@forgedb/test-utils';

interface Journal {
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
}

/** A copy of the real features migrations folder, to which tests append their own migrations. */
export function copyFeaturesFolder(): string {
  const dir = path.join(tempDir('forgedb-migrations-'), 'features');
  cpSync(migrationsFolder('features', 'sqlite'), dir, { recursive: true });
  return dir;
}

/** A copy holding only the first `count` shipped migrations: what an older forgedb shipped. */
export function olderFeaturesFolder(count: number): string {
  const dir = copyFeaturesFolder();
  const journalFile = path.join(dir, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as Journal;
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  return dir;
}

/** Appends a migration as drizzle-kit would (journal entry, SQL with breakpoints, snapshot copy). */
export function appendMigration(folder: string, tag: string, statements: string[], when?: number): void {
  const journalFile = path.join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as Journal;
  const last = journal.entries[journal.entries.length - 1]!;
  const idx = last.idx + 1;
  journal.entries.push({
    idx,
    version: last.version,
    when: when ?? last.when + 1000,
    tag,
    breakpoints: true,
  });
  writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  writeFileSync(path.join(folder, `${tag}.sql`), statements.join('\n--> statement-breakpoint\n'));
  const snap = (i: number) => path.join(folder, `meta/${String(i).padStart(4, '0')}_snapshot.json`);
  copyFileSync(snap(last.idx), snap(idx));
}

/** What drizzle-kit generates when a CHECK on `schedules` changes: a full table rebuild. */
export const REBUILD_SCHEDULES = [
  'PRAGMA foreign_keys=OFF;',
  `CREATE TABLE \`__new_schedules\` (
	\`id\` INTEGER PRIMARY KEY NOT NULL,
	\`project_name\` VARCHAR(50) NOT NULL,
	\`start_time\` VARCHAR(5) NOT NULL,
	\`duration_minutes\` INTEGER NOT NULL,
	\`days_of_week\` INTEGER DEFAULT 127 NOT NULL,
	\`enabled\` BOOLEAN DEFAULT 1 NOT NULL,
	\`yolo_mode\` BOOLEAN DEFAULT 0 NOT NULL,
	\`model\` VARCHAR(50),
	\`max_concurrency\` INTEGER DEFAULT 3 NOT NULL,
	\`crash_count\` INTEGER DEFAULT 0 NOT NULL,
	\`created_at\` DATETIME NOT NULL,
	CONSTRAINT "ck_schedule_duration" CHECK(duration_minutes >= 1 AND duration_minutes <= 720),
	CONSTRAINT "ck_schedule_days" CHECK(days_of_week >= 0 AND days_of_week <= 127),
	CONSTRAINT "ck_schedule_concurrency" CHECK(max_concurrency >= 1 AND max_concurrency <= 5),
	CONSTRAINT "ck_schedule_crash_count" CHECK(crash_count >= 0)
);`,
  'INSERT INTO `__new_schedules`("id", "project_name", "start_time", "duration_minutes", "days_of_week", "enabled", "yolo_mode", "model", "max_concurrency", "crash_count", "created_at") SELECT "id", "project_name", "start_time", "duration_minutes", "days_of_week", "enabled", "yolo_mode", "model", "max_concurrency", "crash_count", "created_at" FROM `schedules`;',
  'DROP TABLE `schedules`;',
  'ALTER TABLE `__new_schedules` RENAME TO `schedules`;',
  'PRAGMA foreign_keys=ON;',
  'CREATE INDEX `ix_schedules_enabled` ON `schedules` (`enabled`);',
  'CREATE INDEX `ix_schedules_id` ON `schedules` (`id`);',
  'CREATE INDEX `ix_schedules_project_name` ON `schedules` (`project_name`);',
];
