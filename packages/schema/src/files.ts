/** The two databases a project has; each has its own drizzle-kit migration folder per dialect. */
export const DATABASE_KINDS = ['features', 'assistant'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

/** Their file names in a project directory (docs/contracts.md#1-where-the-files-are). */
export const DATABASE_FILE_NAMES: Record<DatabaseKind, string> = {
  features: 'features.db',
  assistant: 'assistant.db',
};
