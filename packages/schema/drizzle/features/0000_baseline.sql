CREATE TABLE `features` (
	`id` INTEGER PRIMARY KEY NOT NULL,
	`priority` INTEGER DEFAULT 999 NOT NULL,
	`category` VARCHAR(100) NOT NULL,
	`name` VARCHAR(255) NOT NULL,
	`description` TEXT NOT NULL,
	`steps` JSON NOT NULL,
	`passes` BOOLEAN DEFAULT 0 NOT NULL,
	`in_progress` BOOLEAN DEFAULT 0 NOT NULL,
	`dependencies` JSON,
	`needs_human_input` BOOLEAN DEFAULT 0 NOT NULL,
	`human_input_request` JSON,
	`human_input_response` JSON
);
--> statement-breakpoint
CREATE INDEX `ix_features_id` ON `features` (`id`);--> statement-breakpoint
CREATE INDEX `ix_feature_status` ON `features` (`passes`,`in_progress`,`needs_human_input`);--> statement-breakpoint
CREATE INDEX `ix_features_priority` ON `features` (`priority`);--> statement-breakpoint
CREATE INDEX `ix_features_in_progress` ON `features` (`in_progress`);--> statement-breakpoint
CREATE INDEX `ix_features_passes` ON `features` (`passes`);--> statement-breakpoint
CREATE INDEX `ix_features_needs_human_input` ON `features` (`needs_human_input`);--> statement-breakpoint
CREATE TABLE `schedule_overrides` (
	`id` INTEGER PRIMARY KEY NOT NULL,
	`schedule_id` INTEGER NOT NULL,
	`override_type` VARCHAR(10) NOT NULL,
	`expires_at` DATETIME NOT NULL,
	`created_at` DATETIME NOT NULL,
	FOREIGN KEY (`schedule_id`) REFERENCES `schedules`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ix_schedule_overrides_id` ON `schedule_overrides` (`id`);--> statement-breakpoint
CREATE TABLE `schedules` (
	`id` INTEGER PRIMARY KEY NOT NULL,
	`project_name` VARCHAR(50) NOT NULL,
	`start_time` VARCHAR(5) NOT NULL,
	`duration_minutes` INTEGER NOT NULL,
	`days_of_week` INTEGER DEFAULT 127 NOT NULL,
	`enabled` BOOLEAN DEFAULT 1 NOT NULL,
	`yolo_mode` BOOLEAN DEFAULT 0 NOT NULL,
	`model` VARCHAR(50),
	`max_concurrency` INTEGER DEFAULT 3 NOT NULL,
	`crash_count` INTEGER DEFAULT 0 NOT NULL,
	`created_at` DATETIME NOT NULL,
	CONSTRAINT "ck_schedule_duration" CHECK(duration_minutes >= 1 AND duration_minutes <= 1440),
	CONSTRAINT "ck_schedule_days" CHECK(days_of_week >= 0 AND days_of_week <= 127),
	CONSTRAINT "ck_schedule_concurrency" CHECK(max_concurrency >= 1 AND max_concurrency <= 5),
	CONSTRAINT "ck_schedule_crash_count" CHECK(crash_count >= 0)
);
--> statement-breakpoint
CREATE INDEX `ix_schedules_enabled` ON `schedules` (`enabled`);--> statement-breakpoint
CREATE INDEX `ix_schedules_id` ON `schedules` (`id`);--> statement-breakpoint
CREATE INDEX `ix_schedules_project_name` ON `schedules` (`project_name`);