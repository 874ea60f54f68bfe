export {
  FEATURE_EXPORT_FILE,
  defaultExportFile,
  exportFeatureList,
  projectDirOf,
  type ExportOptions,
  type ExportResult,
} from './export.js';
export {
  FEATURE_LIST_FILE,
  backupStamp,
  importFeatureList,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  type ImportSkipReason,
} from './import.js';
