ALTER TABLE `features` ADD `claimed_by` VARCHAR(255);--> statement-breakpoint
ALTER TABLE `features` ADD `claimed_at` DATETIME;--> statement-breakpoint
ALTER TABLE `features` ADD `lease_expires_at` DATETIME;--> statement-breakpoint
ALTER TABLE `features` ADD `claim_generation` INTEGER DEFAULT 0 NOT NULL;