export {
  MIGRATION_COMPATIBILITIES,
  parseCompatibility,
  type MigrationCompatibility,
} from './compatibility.js';
export {
  MIGRATION_DIALECTS,
  loadMigrations,
  migrationsFolder,
  type MigrationDialect,
  type MigrationFile,
} from './loader.js';
