-- forgedb:compatibility backward-compatible
-- Lease fencing (docs/decisions/0002-sqlite-lease-trigger.md): a lease matches only the one claim
-- it was issued for. Additive: a table the Python app ignores, and a trigger that replaces 0002's.
CREATE TABLE `__forgedb_lease_state` (
	`id` INTEGER PRIMARY KEY NOT NULL,
	`generation` INTEGER NOT NULL,
	`epoch` TEXT NOT NULL,
	CONSTRAINT "ck_lease_state_single_row" CHECK(id = 1)
);

--> statement-breakpoint
-- The highest generation issued so far starts at the file's highest claim_generation, so no claim
-- made from now on can carry a generation an earlier lease was issued for.
INSERT INTO `__forgedb_lease_state` (`id`, `generation`, `epoch`)
SELECT 1, IFNULL(MAX(`claim_generation`), 0), lower(hex(randomblob(16))) FROM `features`
WHERE NOT EXISTS (SELECT 1 FROM `__forgedb_lease_state`);
--> statement-breakpoint
DROP TRIGGER IF EXISTS `features_end_claim_clears_lease`;
--> statement-breakpoint
-- Every end of a claim (in_progress from set to 0 or NULL, by any app and any statement) must leave
-- claim_generation above every generation issued so far, so no earlier lease matches the row again,
-- even after the Python app re-claims it. A statement that did not move it there itself (the Python
-- app's, any tool's) gets it moved here, and the lease columns cleared; forgedb's own ending
-- statements do both in the same UPDATE, which saves a second write of the row.
CREATE TRIGGER IF NOT EXISTS `features_end_claim_fences_lease`
AFTER UPDATE OF `in_progress` ON `features`
WHEN IFNULL(OLD.`in_progress`, 0) <> 0 AND IFNULL(NEW.`in_progress`, 0) = 0
  AND NEW.`claim_generation` <= max(IFNULL((SELECT `generation` FROM `__forgedb_lease_state`), 0), OLD.`claim_generation`)
BEGIN
  UPDATE `features`
     SET `claimed_by` = NULL, `claimed_at` = NULL, `lease_expires_at` = NULL,
         `claim_generation` = max(IFNULL((SELECT `generation` FROM `__forgedb_lease_state`), 0), NEW.`claim_generation`) + 1
   WHERE `id` = NEW.`id`;
END;
