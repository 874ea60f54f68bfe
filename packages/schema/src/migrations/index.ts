export {
  MIGRATION_COMPATIBILITIES,
  parseCompatibility,
  type MigrationCompatibility,
} from './compatibility.js';
export {
  MIGRATION_DIALECTS,
  loadMigrations,
  migrationsFolder,
  type DownMigration,
  type MigrationDialect,
  type MigrationFile,
} from './loader.js';
// The kinds the loader takes; `./migrations` exported them before the split and still does.
export { DATABASE_FILE_NAMES, DATABASE_KINDS, type DatabaseKind } from '../files.js';
