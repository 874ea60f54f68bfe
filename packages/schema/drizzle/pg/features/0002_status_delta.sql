-- forgedb:compatibility incompatible
-- Older forgedb versions write statuses without stamping changed_xid, and a process of this
-- version would not see those writes until the next graph change (docs/decisions/0016-pg-status-delta.md):
-- so they must not keep using a database migrated to this.
ALTER TABLE "forgedb"."features" ADD COLUMN "changed_xid" "xid8";--> statement-breakpoint
CREATE INDEX "ix_features_project_changed" ON "forgedb"."features" USING btree ("project_id","changed_xid");