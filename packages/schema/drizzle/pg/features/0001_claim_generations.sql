-- forgedb:compatibility backward-compatible
CREATE SEQUENCE "forgedb"."claim_generations" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9007199254740991 START WITH 1 CACHE 1;
--> statement-breakpoint
-- Hand-written data step: the sequence starts past every generation already issued (each
-- project's lease state and every feature's claim generation), so the first nextval is above
-- them all. On an empty database it stays at its start (1, not yet called).
SELECT setval('"forgedb"."claim_generations"', GREATEST(g, 1), g > 0)
  FROM (SELECT GREATEST((SELECT COALESCE(max(generation), 0) FROM "forgedb"."lease_state"),
                        (SELECT COALESCE(max(claim_generation), 0) FROM "forgedb"."features")) AS g) AS issued;
