/** The Python app's legacy backlog file, imported once into an empty features table. */
export const FEATURE_LIST_FILE = 'feature_list.json';
/** Where an export goes by default, in the project directory. */
export const FEATURE_EXPORT_FILE = 'feature_list_export.json';

export interface ImportProgress {
  imported: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Local time used for the backup name; tests pin it. */
  now?: Date;
}

export type ImportSkipReason = 'no_feature_list' | 'database_not_empty';

export interface ImportResult {
  imported: number;
  /** Why nothing was done; absent when the import ran. */
  skipped?: ImportSkipReason;
  /** The feature_list.json that was read (absent when none exists). */
  source?: string;
  /** Where the imported file was renamed to. */
  backupFile?: string;
  /** The import stands, but something after it failed (the rename). */
  warning?: string;
}

export interface ExportFileOptions {
  /** `fs.writeSync(fd, buffer, offset, length)`, returning the bytes written; tests inject short writes and a full disk. */
  write?: (fd: number, buffer: Uint8Array, offset: number, length: number) => number;
}

export interface ExportOptions extends ExportFileOptions {
  /** Default: feature_list_export.json in the project directory. */
  outFile?: string;
}

export interface ExportResult {
  file: string;
  count: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYYMMDD_HHMMSS` in local time, like the Python app's `datetime.now().strftime`. */
export function backupStamp(date: Date): string {
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}_` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}
