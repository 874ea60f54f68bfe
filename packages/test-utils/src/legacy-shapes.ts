// By path, not by package: @forgedb/migrate's tests use this, and the CLI depends on @forgedb/migrate.
export { LEGACY_ASSISTANT_DDL, OLDEST_FEATURES_DDL } from '../../../apps/migrator/src/demo/legacy-shapes.js';
