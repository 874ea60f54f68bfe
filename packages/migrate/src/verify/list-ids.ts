/** How many ids a verify finding lists before it only gives the count. */
export const MAX_LISTED = 20;

/**
 * Ids as verify prints them. They are read from SQL as text (`CAST(id AS TEXT)`) where they may
 * lie outside JavaScript's safe integer range, so a report never shows a rounded id.
 */
export function listIds(ids: readonly (number | string | bigint)[]): string {
  const shown = ids.slice(0, MAX_LISTED).join(', ');
  return ids.length > MAX_LISTED ? `${shown} … (${ids.length} in all)` : shown;
}
