/**
 * Whether forgedb versions that do not ship a migration may keep using a file it was applied to
 * (docs/decisions/0006-rolling-upgrades.md). Declared by a header line in the migration's SQL,
 * `-- forgedb:compatibility backward-compatible` or `-- forgedb:compatibility incompatible`, so it
 * is covered by the file's hash; migrations shipped before the marker existed have none (null).
 */
export const MIGRATION_COMPATIBILITIES = ['backward-compatible', 'incompatible'] as const;
export type MigrationCompatibility = (typeof MIGRATION_COMPATIBILITIES)[number];

const COMPATIBILITY_LINE = /^--\s*forgedb:compatibility\b(.*)$/;

/** The marker from the migration's leading comment lines; a malformed marker is a bug in the migration. */
export function parseCompatibility(sql: string, file: string): MigrationCompatibility | null {
  for (const line of sql.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('--')) break;
    const m = COMPATIBILITY_LINE.exec(trimmed);
    if (!m) continue;
    const value = m[1]!.trim();
    if (!(MIGRATION_COMPATIBILITIES as readonly string[]).includes(value)) {
      throw new Error(
        `${file}: "-- forgedb:compatibility ${value}" must name one of ${MIGRATION_COMPATIBILITIES.join(', ')}.`,
      );
    }
    return value as MigrationCompatibility;
  }
  return null;
}
