import config, { dialectBoundaries } from '@forgedb/eslint-config';

/*
 * TEMPORARY (issue 9): these modules still mix the store's domain logic with better-sqlite3 and
 * the SQLite subpaths. The store's restructure into dialect-free modules and src/sqlite/ (the next
 * step of issue 9) removes them from this list, and then the list itself; every other file of
 * src/ is held to the layering rule already (docs/foundation.md, "Dialects and the layering rule").
 */
const NOT_YET_SPLIT = [
  'src/clock.ts',
  'src/conversations/conversation-statements.ts',
  'src/conversations/conversations-store.ts',
  'src/feature-list/export.ts',
  'src/feature-list/import.ts',
  'src/features/feature-statements.ts',
  'src/features/features-store.ts',
  'src/features/queue-views.ts',
  'src/features/list-statement.ts',
  'src/open-store.ts',
  'src/schedules/schedule-statements.ts',
  'src/schedules/schedules-store.ts',
];

export default [
  ...config,
  ...dialectBoundaries.map((block) => ({ ...block, ignores: [...(block.ignores ?? []), ...NOT_YET_SPLIT] })),
];
