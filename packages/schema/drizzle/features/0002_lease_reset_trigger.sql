-- Custom migration (drizzle-kit does not model triggers).
-- The Python app ends a claim by setting in_progress = 0 without knowing the lease columns. Without
-- this trigger a later Python claim of the same feature would inherit the stale lease, and
-- claimNext could silently take that claim over once the old lease time had passed.
CREATE TRIGGER IF NOT EXISTS `features_end_claim_clears_lease`
AFTER UPDATE OF `in_progress` ON `features`
WHEN NEW.`in_progress` = 0
  AND (NEW.`claimed_by` IS NOT NULL OR NEW.`claimed_at` IS NOT NULL OR NEW.`lease_expires_at` IS NOT NULL)
BEGIN
  UPDATE `features` SET `claimed_by` = NULL, `claimed_at` = NULL, `lease_expires_at` = NULL WHERE `id` = NEW.`id`;
END;
