CREATE TABLE `conversation_messages` (
	`id` INTEGER PRIMARY KEY NOT NULL,
	`conversation_id` INTEGER NOT NULL,
	`role` VARCHAR(20) NOT NULL,
	`content` TEXT NOT NULL,
	`timestamp` DATETIME,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ix_conversation_messages_id` ON `conversation_messages` (`id`);--> statement-breakpoint
CREATE INDEX `ix_conversation_messages_conversation_id` ON `conversation_messages` (`conversation_id`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` INTEGER PRIMARY KEY NOT NULL,
	`project_name` VARCHAR(100) NOT NULL,
	`title` VARCHAR(200),
	`created_at` DATETIME,
	`updated_at` DATETIME
);
--> statement-breakpoint
CREATE INDEX `ix_conversations_id` ON `conversations` (`id`);--> statement-breakpoint
CREATE INDEX `ix_conversations_project_name` ON `conversations` (`project_name`);