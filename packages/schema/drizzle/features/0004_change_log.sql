-- forgedb:compatibility backward-compatible
-- The change log (docs/decisions/0012-change-log.md): every statement that inserts or deletes a
-- feature, or changes one of the columns the work queue reads, appends the row's id, whichever app
-- or tool wrote it, so a reader re-reads only the rows that changed since the sequence number it
-- last saw. Additive: a table and triggers the Python app ignores.
CREATE TABLE `__forgedb_changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`feature_id` INTEGER NOT NULL
);
--> statement-breakpoint
-- INSERT OR REPLACE fires no delete trigger for the row it replaces (recursive_triggers is off),
-- but the replacement has the same id, so this entry covers both.
CREATE TRIGGER IF NOT EXISTS `features_log_insert`
AFTER INSERT ON `features`
BEGIN
  INSERT INTO `__forgedb_changes` (`feature_id`) VALUES (NEW.`id`);
END;
--> statement-breakpoint
-- The queue's columns only: a change of a name, description or human input text changes no queue
-- decision. A changed id is logged twice, as the old id (gone) and the new one (arrived).
CREATE TRIGGER IF NOT EXISTS `features_log_update`
AFTER UPDATE OF `id`, `priority`, `dependencies`, `passes`, `in_progress`, `needs_human_input`, `lease_expires_at` ON `features`
BEGIN
  INSERT INTO `__forgedb_changes` (`feature_id`) VALUES (NEW.`id`);
  INSERT INTO `__forgedb_changes` (`feature_id`) SELECT OLD.`id` WHERE OLD.`id` <> NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `features_log_delete`
AFTER DELETE ON `features`
BEGIN
  INSERT INTO `__forgedb_changes` (`feature_id`) VALUES (OLD.`id`);
END;
--> statement-breakpoint
-- Keeps the log bounded whoever writes (also a file only the Python app writes): every 1024th
-- entry removes those more than 4096 behind it, a range of the primary key. A reader that fell
-- further behind sees the gap and reads the whole queue instead.
CREATE TRIGGER IF NOT EXISTS `forgedb_changes_prune`
AFTER INSERT ON `__forgedb_changes`
WHEN NEW.`seq` % 1024 = 0
BEGIN
  DELETE FROM `__forgedb_changes` WHERE `seq` <= NEW.`seq` - 4096;
END;
